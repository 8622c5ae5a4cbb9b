package org.streamtranslate.training;

import java.util.List;
import java.util.Random;

import org.streamtranslate.text.Vocabulary;

/**
 * Sentence pairs turned into the padded id matrices the training graph takes.
 *
 * @param source English ids padded with 0, {@code [batch, maxSourceTokens]}
 * @param targetInput start id then the Japanese ids, padded, {@code [batch, maxTargetTokens]}
 * @param targetOutput the Japanese ids then the end id, padded, {@code [batch, maxTargetTokens]}
 * @param targetTokens number of non-padding target positions, end tokens included
 */
record TrainingBatch(int[][] source, int[][] targetInput, int[][] targetOutput, long targetTokens) {

    /**
     * Encodes pairs, replacing each decoder input word by the unknown id with probability {@code wordDropout}
     * (Bowman et al. 2016), which makes the decoder lean on z and the source.
     *
     * @throws IllegalArgumentException when a pair is longer than the unroll lengths
     */
    static TrainingBatch encode(List<SentencePair> pairs, Vocabulary english, Vocabulary japanese,
                                int maxSourceTokens, int maxTargetTokens, double wordDropout, Random random) {
        int size = pairs.size();
        int[][] source = new int[size][maxSourceTokens];
        int[][] targetInput = new int[size][maxTargetTokens];
        int[][] targetOutput = new int[size][maxTargetTokens];
        long tokens = 0;
        for (int i = 0; i < size; i++) {
            SentencePair pair = pairs.get(i);
            if (pair.english().size() > maxSourceTokens || pair.japanese().size() + 1 > maxTargetTokens) {
                throw new IllegalArgumentException("Pair " + i + " has " + pair.english().size() + " English and "
                        + pair.japanese().size() + " Japanese tokens; the limits are " + maxSourceTokens + " and "
                        + (maxTargetTokens - 1));
            }
            int[] englishIds = english.encode(pair.english());
            System.arraycopy(englishIds, 0, source[i], 0, englishIds.length);
            int[] japaneseIds = japanese.encode(pair.japanese());
            targetInput[i][0] = Vocabulary.START_ID;
            for (int t = 0; t < japaneseIds.length; t++) {
                boolean dropped = wordDropout > 0 && random.nextDouble() < wordDropout;
                targetInput[i][t + 1] = dropped ? Vocabulary.UNKNOWN_ID : japaneseIds[t];
                targetOutput[i][t] = japaneseIds[t];
            }
            targetOutput[i][japaneseIds.length] = Vocabulary.END_ID;
            tokens += japaneseIds.length + 1;
        }
        return new TrainingBatch(source, targetInput, targetOutput, tokens);
    }
}
