package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamtranslate.evaluation.Bleu;
import org.streamtranslate.evaluation.LatentStatistics;
import org.streamtranslate.testing.SharedData;
import org.streamtranslate.training.ParallelCorpus;
import org.streamtranslate.training.SentencePair;

/**
 * The model in {@code models/default} still scores what {@code models/MODEL.md} reports for it on
 * {@code small_parallel_enja/test}, so a model and its card cannot drift apart unnoticed.
 */
class ShippedModelIT {

    private static final Path SHIPPED_MODEL = Path.of("models/default");
    /** Test BLEU with greedy decoding in the model card's "The shipped model" table. */
    private static final double CARD_GREEDY_BLEU = 34.25;
    /** TensorFlow's multi-threaded kernels sum in varying order, which can flip a rare close decision. */
    private static final double BLEU_TOLERANCE = 0.3;
    private static final int BATCH_SIZE = 50;

    private static TranslationModel model;

    @BeforeAll
    static void loadModel() {
        model = TranslationModel.load(SHIPPED_MODEL);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void shouldScoreCardBleuWithLatentInUse() {
        List<SentencePair> pairs = ParallelCorpus.readTokenized(SharedData.smallParallelEnja().resolve("test"));
        List<List<String>> references = new ArrayList<>();
        List<List<String>> translations = new ArrayList<>();
        List<float[]> means = new ArrayList<>();
        List<float[]> logVariances = new ArrayList<>();

        for (int start = 0; start < pairs.size(); start += BATCH_SIZE) {
            List<SentencePair> chunk = pairs.subList(start, Math.min(pairs.size(), start + BATCH_SIZE));
            TranslationModel.GreedyOutput output = model.greedy(sourceIds(chunk));
            for (int i = 0; i < chunk.size(); i++) {
                references.add(chunk.get(i).japanese());
                translations.add(model.japaneseVocabulary().decode(output.ids()[i]));
                means.add(output.means()[i]);
                logVariances.add(output.logVariances()[i]);
            }
        }

        assertEquals(500, pairs.size());
        assertEquals(CARD_GREEDY_BLEU, Bleu.corpusScore(translations, references), BLEU_TOLERANCE);
        LatentStatistics latent = LatentStatistics.of(means, logVariances);
        assertTrue(latent.totalKl() / model.config().members() > 1.0, "KL per member: " + latent.totalKl());
        assertEquals(latent.klPerDimension().length, latent.activeUnits(), "every latent dimension is active");
    }

    @Test
    void shouldListEveryMemberInMetadata() {
        List<?> members = (List<?>) model.metadata().get("members");

        assertEquals(2, model.config().members());
        assertEquals(2, members.size());
        assertEquals(2, ((List<?>) model.metadata().get("memberFolders")).size());
    }

    private static int[][] sourceIds(List<SentencePair> chunk) {
        int columns = chunk.stream().mapToInt(pair -> pair.english().size()).max().orElse(1);
        int[][] source = new int[chunk.size()][columns];
        for (int i = 0; i < chunk.size(); i++) {
            int[] ids = model.englishVocabulary().encode(chunk.get(i).english());
            System.arraycopy(ids, 0, source[i], 0, ids.length);
        }
        return source;
    }
}
