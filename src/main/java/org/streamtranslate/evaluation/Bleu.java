package org.streamtranslate.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level BLEU (Papineni et al. 2002) with one reference per sentence: modified n-gram precisions for n = 1..4
 * summed over the whole corpus before dividing, their geometric mean with equal weights, times the brevity penalty
 * exp(1 − r/c) when the candidate corpus length c is shorter than the reference length r. No smoothing: a corpus
 * without a single matching 4-gram scores 0.
 *
 * <p>Scores are returned on the 0–100 scale. Inputs are token lists; for Japanese use the corpus segmentation.
 */
public final class Bleu {

    public static final int MAX_ORDER = 4;

    private Bleu() {
    }

    /**
     * Computes corpus BLEU.
     *
     * @param candidates system outputs, one token list per sentence
     * @param references one reference token list per sentence, aligned with the candidates
     * @return BLEU in [0, 100]
     */
    public static double corpusScore(List<List<String>> candidates, List<List<String>> references) {
        return statistics(candidates, references).score();
    }

    /** The counts BLEU is computed from, so that reports can show precisions and the brevity penalty. */
    public record Statistics(long[] matches, long[] totals, long candidateLength, long referenceLength) {

        /** BLEU in [0, 100]. */
        public double score() {
            double logPrecisionSum = 0;
            for (int n = 0; n < MAX_ORDER; n++) {
                if (matches[n] == 0 || totals[n] == 0) {
                    return 0;
                }
                logPrecisionSum += Math.log((double) matches[n] / totals[n]);
            }
            return 100 * brevityPenalty() * Math.exp(logPrecisionSum / MAX_ORDER);
        }

        /** exp(1 − r/c) when c &lt; r, else 1. */
        public double brevityPenalty() {
            if (candidateLength == 0) {
                return 0;
            }
            if (candidateLength >= referenceLength) {
                return 1;
            }
            return Math.exp(1 - (double) referenceLength / candidateLength);
        }
    }

    /** Sums clipped n-gram matches and lengths over the corpus. */
    public static Statistics statistics(List<List<String>> candidates, List<List<String>> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException("BLEU needs one reference per candidate, got " + candidates.size()
                    + " candidates and " + references.size() + " references");
        }
        long[] matches = new long[MAX_ORDER];
        long[] totals = new long[MAX_ORDER];
        long candidateLength = 0;
        long referenceLength = 0;
        for (int i = 0; i < candidates.size(); i++) {
            List<String> candidate = candidates.get(i);
            List<String> reference = references.get(i);
            candidateLength += candidate.size();
            referenceLength += reference.size();
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<List<String>, Integer> referenceCounts = ngramCounts(reference, n);
                for (Map.Entry<List<String>, Integer> entry : ngramCounts(candidate, n).entrySet()) {
                    matches[n - 1] += Math.min(entry.getValue(), referenceCounts.getOrDefault(entry.getKey(), 0));
                }
                totals[n - 1] += Math.max(0, candidate.size() - n + 1);
            }
        }
        return new Statistics(matches, totals, candidateLength, referenceLength);
    }

    static Map<List<String>, Integer> ngramCounts(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int start = 0; start + n <= tokens.size(); start++) {
            counts.merge(tokens.subList(start, start + n), 1, Integer::sum);
        }
        return counts;
    }
}
