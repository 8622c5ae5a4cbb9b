package org.streamtranslate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChrFTest {

    @Test
    void shouldScoreIdenticalTextAsHundredIgnoringSpaces() {
        assertEquals(100.0, ChrF.corpusScore(List.of("私 は 学生 です"), List.of("私は学生です")), 1e-9);
    }

    @Test
    void shouldMatchHandComputedScore() {
        // Candidate "ab", reference "abc". n=1: matches a, b = 2; candidate 2, reference 3 -> P 1, R 2/3.
        // n=2: "ab" matches -> P 1/1, R 1/2. n=3..6: the candidate has no n-grams and the reference has "abc" for
        // n=3 only -> P 0, R 0 for n=3; n=4..6 are empty on both sides and are skipped.
        // Averages over 3 orders: P = (1 + 1 + 0) / 3 = 2/3, R = (2/3 + 1/2 + 0) / 3 = 7/18.
        double precision = 2.0 / 3;
        double recall = 7.0 / 18;
        double expected = 100 * 5 * precision * recall / (4 * precision + recall);

        assertEquals(expected, ChrF.corpusScore(List.of("ab"), List.of("abc")), 1e-9);
    }

    @Test
    void shouldScoreZeroForDisjointText() {
        assertEquals(0.0, ChrF.corpusScore(List.of("xyz"), List.of("abc")), 1e-12);
    }
}
