package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.inference.SavedModelTranslator;
import org.streamtranslate.inference.TranslationOutcome;

/** Serving behaviour of an exported model, on the tiny test model trained to reproduce 200 corpus sentences. */
class TranslationModelTest {

    static final Path TINY_MODEL = Path.of("src/test/resources/tiny-model");
    private static final String KNOWN_ENGLISH = "i 'm in the tennis club .";
    private static final String KNOWN_JAPANESE = "私はテニス部員です。";

    private static TranslationModel model;

    @BeforeAll
    static void loadModel() {
        model = TranslationModel.load(TINY_MODEL);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void shouldTranslateTrainingSentence() {
        SavedModelTranslator translator = new SavedModelTranslator(model);

        List<TranslationOutcome> outcomes = translator.translate(List.of("I'm in the tennis club."));

        assertEquals(KNOWN_JAPANESE, outcomes.get(0).japanese());
    }

    @Test
    void shouldGiveSameTokensFromShortAndFullSignature() {
        int[] ids = model.englishVocabulary().encode(Arrays.asList(KNOWN_ENGLISH.split(" ")));
        int[][] narrow = {Arrays.copyOf(ids, ServingGraph.SHORT_INPUT_TOKENS)};
        int[][] wide = {Arrays.copyOf(ids, ServingGraph.SHORT_INPUT_TOKENS + 1)};

        TranslationModel.GreedyOutput shortOutput = model.greedy(narrow);
        TranslationModel.GreedyOutput fullOutput = model.greedy(wide);

        assertEquals(ServingGraph.SHORT_INPUT_OUTPUT_TOKENS, shortOutput.ids()[0].length);
        assertEquals(model.config().maxOutputTokens(), fullOutput.ids()[0].length);
        assertEquals(TranslationModel.untilEnd(fullOutput.ids()[0]), TranslationModel.untilEnd(shortOutput.ids()[0]));
        assertArrayEquals(fullOutput.means()[0], shortOutput.means()[0], 1e-5f);
    }

    @Test
    void shouldFailOnlyTheSentenceThatIsTooLong() {
        SavedModelTranslator translator = new SavedModelTranslator(model);
        String tooLong = String.join(" ", java.util.Collections.nCopies(model.config().maxSourceTokens() + 1, "word"));

        List<TranslationOutcome> outcomes = translator.translate(List.of(tooLong, KNOWN_ENGLISH, "  "));

        assertEquals("too-many-tokens", outcomes.get(0).failureReason());
        assertTrue(outcomes.get(0).failureDetail().contains("has 21 tokens but the model reads at most 20"),
                outcomes.get(0).failureDetail());
        assertEquals(KNOWN_JAPANESE, outcomes.get(1).japanese());
        assertEquals("empty-text", outcomes.get(2).failureReason());
    }

    @Test
    void shouldFindBestHypothesisWithBeamSearch() {
        int[] ids = model.englishVocabulary().encode(Arrays.asList(KNOWN_ENGLISH.split(" ")));

        List<List<Integer>> best = new BeamSearch(model, 4, BeamSearch.DEFAULT_LENGTH_ALPHA).decode(new int[][] {ids});

        StringBuilder japanese = new StringBuilder();
        best.get(0).forEach(id -> japanese.append(model.japaneseVocabulary().token(id)));
        assertEquals(KNOWN_JAPANESE, japanese.toString());
    }

    @Test
    void shouldTranslateWithBeamSearchTranslator() {
        SavedModelTranslator translator = new SavedModelTranslator(model, 3);

        List<TranslationOutcome> outcomes = translator.translate(List.of("I'm in the tennis club.", "   "));

        assertEquals(KNOWN_JAPANESE, outcomes.get(0).japanese());
        assertEquals("empty-text", outcomes.get(1).failureReason());
    }

    @Test
    void shouldRejectMissingFolderWithHint(@TempDir Path empty) {
        ModelLoadException error = assertThrows(ModelLoadException.class,
                () -> TranslationModel.load(empty.resolve("absent")));

        assertTrue(error.getMessage().contains("set translator.model-path"), error.getMessage());
    }

    @Test
    void shouldRejectFolderWithoutAssets(@TempDir Path folder) {
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> TranslationModel.load(folder));

        assertEquals("Model folder " + folder + " lacks assets/model-config.json; export it again with the export "
                + "command", error.getMessage());
    }
}
