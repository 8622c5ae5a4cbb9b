package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.inference.SavedModelTranslator;
import org.streamtranslate.text.Vocabulary;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Ensembles exported from the tiny test model and a second model of the same sizes with random weights. */
class EnsembleTest {

    private static final String TRAINED_ENGLISH = "i 'm in the tennis club .";
    /** Decoding steps compared; the trained sentence has 7 words and an end token. */
    private static final int STEPS = 6;

    @TempDir
    static Path folder;

    private static Path randomModel;

    @BeforeAll
    static void exportRandomMember() throws Exception {
        randomModel = TestModels.exportRandomModel(folder.resolve("random-run"), folder.resolve("random-model"), 5L);
    }

    @Test
    void shouldMatchModelWhenBothMembersAreIt() throws Exception {
        Path ensembleFolder = folder.resolve("self");
        ModelExporter.exportEnsemble(List.of(TranslationModelTest.TINY_MODEL, TranslationModelTest.TINY_MODEL),
                ensembleFolder, Map.of("version", "self"));

        try (TranslationModel single = TranslationModel.load(TranslationModelTest.TINY_MODEL);
             TranslationModel ensemble = TranslationModel.load(ensembleFolder)) {
            int[][] source = {single.englishVocabulary().encode(Arrays.asList(TRAINED_ENGLISH.split(" ")))};
            TranslationModel.GreedyOutput alone = single.greedy(source);
            TranslationModel.GreedyOutput joined = ensemble.greedy(source);

            assertEquals(2, ensemble.config().members());
            assertArrayEquals(alone.ids()[0], joined.ids()[0]);
            assertArrayEquals(alone.logProbabilities()[0], joined.logProbabilities()[0], 1e-4f);
            assertEquals(2 * single.config().latentSize(), joined.means()[0].length);
            assertEquals(new SavedModelTranslator(single, 3).translate(List.of(TRAINED_ENGLISH)).get(0).japanese(),
                    new SavedModelTranslator(ensemble, 3).translate(List.of(TRAINED_ENGLISH)).get(0).japanese());
        }
    }

    @Test
    void shouldCombineMembersByGeometricMean() throws Exception {
        Path ensembleFolder = folder.resolve("mixed");
        ModelExporter.exportEnsemble(List.of(TranslationModelTest.TINY_MODEL, randomModel), ensembleFolder,
                Map.of("version", "mixed"));

        try (TranslationModel trained = TranslationModel.load(TranslationModelTest.TINY_MODEL);
             TranslationModel random = TranslationModel.load(randomModel);
             TranslationModel ensemble = TranslationModel.load(ensembleFolder)) {
            int[][] source = {trained.englishVocabulary().encode(Arrays.asList(TRAINED_ENGLISH.split(" ")))};
            TranslationModel.GreedyOutput greedy = ensemble.greedy(source);
            int[] chosen = Arrays.copyOf(greedy.ids()[0], STEPS);
            float[][] first = stepLogProbabilities(trained, source, chosen);
            float[][] second = stepLogProbabilities(random, source, chosen);
            float[][] stepped = stepLogProbabilities(ensemble, source, chosen);

            for (int t = 0; t < STEPS; t++) {
                float[] expected = geometricMean(first[t], second[t]);
                assertArrayEquals(expected, stepped[t], 1e-4f, "decode_step log-probabilities at step " + t);
                assertEquals(argMax(expected), chosen[t], "greedy word at step " + t);
                assertEquals(expected[chosen[t]], greedy.logProbabilities()[0][t], 1e-4f, "greedy score at step " + t);
            }
            assertNotEquals(first[0][chosen[0]], stepped[0][chosen[0]], 1e-3f, "the random member has no weight");
        }
    }

    @Test
    void shouldRejectMembersWithAnotherVocabulary() throws Exception {
        Path otherRun = folder.resolve("other-run");
        Path other = TestModels.exportRandomModel(otherRun, folder.resolve("other-model"), 6L);
        Path vocabulary = other.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.JAPANESE_VOCABULARY_FILE);
        List<String> lines = Files.readAllLines(vocabulary);
        Files.write(vocabulary, lines.subList(0, lines.size() - 1).stream().map(l -> l + "x").toList());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelExporter.exportEnsemble(List.of(TranslationModelTest.TINY_MODEL, other),
                        folder.resolve("refused"), Map.of("version", "refused")));

        assertTrue(error.getMessage().contains("has another vocab.ja than"), error.getMessage());
        assertTrue(error.getMessage().contains("train the members on the same data"), error.getMessage());
    }

    @Test
    void shouldRejectFolderThatIsNoModel() {
        Path absent = folder.resolve("absent");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelExporter.exportEnsemble(List.of(TranslationModelTest.TINY_MODEL, absent),
                        folder.resolve("refused-absent"), Map.of("version", "refused")));

        assertEquals("Member " + absent + " is not an exported model: " + absent.resolve("assets/model-config.json")
                + " not found; pass folders written by the export command", error.getMessage());
    }

    @Test
    void shouldRejectMemberThatIsItselfAnEnsemble() throws Exception {
        Path nested = folder.resolve("nested");
        ModelExporter.exportEnsemble(List.of(TranslationModelTest.TINY_MODEL, randomModel), nested,
                Map.of("version", "nested"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelExporter.exportEnsemble(List.of(TranslationModelTest.TINY_MODEL, nested),
                        folder.resolve("refused-nested"), Map.of("version", "refused")));

        assertEquals("Member " + nested + " is itself an ensemble of 2 models; list its own members instead",
                error.getMessage());
    }

    /**
     * Runs the encode signature, then decode_step once per id of {@code chosen}, feeding each id to the next step.
     *
     * @return the log-probabilities of each step, {@code [chosen.length, targetVocabulary]}
     */
    private static float[][] stepLogProbabilities(TranslationModel model, int[][] source, int[] chosen) {
        float[][][] states;
        float[][] maskBias;
        float[][] latent;
        float[][] hidden;
        float[][] output;
        try (TInt32 input = TInt32.tensorOf(StdArrays.ndCopyOf(source));
             Result encoded = model.call(ServingGraph.ENCODE_KEY, Map.of("source_ids", input))) {
            states = StdArrays.array3dCopyOf((TFloat32) TranslationModel.output(encoded, "encoder_states"));
            maskBias = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(encoded, "mask_bias"));
            latent = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(encoded, "latent"));
            hidden = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(encoded, "decoder_hidden"));
            output = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(encoded, "decoder_output"));
        }

        float[][] steps = new float[chosen.length][];
        int previous = Vocabulary.START_ID;
        for (int t = 0; t < chosen.length; t++) {
            try (TInt32 previousIds = TInt32.tensorOf(Shape.of(1), DataBuffers.of(new int[] {previous}, true, false));
                 TFloat32 hiddenTensor = TFloat32.tensorOf(StdArrays.ndCopyOf(hidden));
                 TFloat32 outputTensor = TFloat32.tensorOf(StdArrays.ndCopyOf(output));
                 TFloat32 latentTensor = TFloat32.tensorOf(StdArrays.ndCopyOf(latent));
                 TFloat32 statesTensor = TFloat32.tensorOf(StdArrays.ndCopyOf(states));
                 TFloat32 maskTensor = TFloat32.tensorOf(StdArrays.ndCopyOf(maskBias));
                 Result step = model.call(ServingGraph.DECODE_STEP_KEY, Map.of("previous_ids", previousIds,
                         "decoder_hidden", hiddenTensor, "decoder_output", outputTensor, "latent", latentTensor,
                         "encoder_states", statesTensor, "mask_bias", maskTensor))) {
                steps[t] = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(step, "log_probs"))[0];
                hidden = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(step, "decoder_hidden"));
                output = StdArrays.array2dCopyOf((TFloat32) TranslationModel.output(step, "decoder_output"));
            }
            previous = chosen[t];
        }
        return steps;
    }

    /** Returns log softmax of the mean of two log-probability rows. */
    private static float[] geometricMean(float[] first, float[] second) {
        double normaliser = 0;
        for (int i = 0; i < first.length; i++) {
            normaliser += Math.exp((first[i] + second[i]) / 2.0);
        }
        float[] mean = new float[first.length];
        for (int i = 0; i < first.length; i++) {
            mean[i] = (float) ((first[i] + second[i]) / 2.0 - Math.log(normaliser));
        }
        return mean;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
