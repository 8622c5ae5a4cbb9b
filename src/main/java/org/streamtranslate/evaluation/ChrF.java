package org.streamtranslate.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level chrF (Popović 2015): character n-gram F-score with n = 1..6 and β = 2, so recall weighs twice as much
 * as precision. Whitespace is removed before counting, which makes the score independent of word segmentation; that
 * is why it is the metric for raw, unsegmented Japanese.
 *
 * <p>Precision and recall for each n are computed from n-gram counts summed over the corpus, averaged over n, then
 * combined into the F-score. Scores are on the 0–100 scale.
 */
public final class ChrF {

    public static final int MAX_ORDER = 6;
    public static final double BETA = 2.0;

    private ChrF() {
    }

    /**
     * Computes corpus chrF.
     *
     * @param candidates system outputs as text; spaces are ignored
     * @param references one reference text per candidate
     * @return chrF in [0, 100]
     */
    public static double corpusScore(List<String> candidates, List<String> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException("chrF needs one reference per candidate, got " + candidates.size()
                    + " candidates and " + references.size() + " references");
        }
        long[] matches = new long[MAX_ORDER];
        long[] candidateTotals = new long[MAX_ORDER];
        long[] referenceTotals = new long[MAX_ORDER];
        for (int i = 0; i < candidates.size(); i++) {
            String candidate = stripWhitespace(candidates.get(i));
            String reference = stripWhitespace(references.get(i));
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<String, Integer> referenceCounts = characterNgrams(reference, n);
                for (Map.Entry<String, Integer> entry : characterNgrams(candidate, n).entrySet()) {
                    matches[n - 1] += Math.min(entry.getValue(), referenceCounts.getOrDefault(entry.getKey(), 0));
                    candidateTotals[n - 1] += entry.getValue();
                }
                referenceTotals[n - 1] += referenceCounts.values().stream().mapToInt(Integer::intValue).sum();
            }
        }
        double precision = 0;
        double recall = 0;
        int orders = 0;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (candidateTotals[n] == 0 && referenceTotals[n] == 0) {
                continue;
            }
            precision += candidateTotals[n] == 0 ? 0 : (double) matches[n] / candidateTotals[n];
            recall += referenceTotals[n] == 0 ? 0 : (double) matches[n] / referenceTotals[n];
            orders++;
        }
        if (orders == 0) {
            return 0;
        }
        precision /= orders;
        recall /= orders;
        double betaSquared = BETA * BETA;
        double denominator = betaSquared * precision + recall;
        return denominator == 0 ? 0 : 100 * (1 + betaSquared) * precision * recall / denominator;
    }

    private static String stripWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }

    static Map<String, Integer> characterNgrams(String text, int n) {
        Map<String, Integer> counts = new HashMap<>();
        int[] codePoints = text.codePoints().toArray();
        for (int start = 0; start + n <= codePoints.length; start++) {
            counts.merge(new String(codePoints, start, n), 1, Integer::sum);
        }
        return counts;
    }
}
