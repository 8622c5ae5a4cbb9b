package org.streamtranslate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BleuTest {

    private static List<String> words(String sentence) {
        return Arrays.asList(sentence.split(" "));
    }

    @Test
    void shouldScoreIdenticalCorpusAsHundred() {
        List<List<String>> corpus = List.of(words("私 は 学生 で す 。"), words("これ は ペン で す 。"));

        assertEquals(100.0, Bleu.corpusScore(corpus, corpus), 1e-9);
    }

    @Test
    void shouldMatchHandComputedScoreWithBrevityPenalty() {
        // Candidate "a b c d" against reference "a b c d e f": precisions 4/4, 3/3, 2/2, 1/1, so the geometric mean
        // is 1; c = 4 < r = 6 gives BP = exp(1 - 6/4) = exp(-0.5).
        double score = Bleu.corpusScore(List.of(words("a b c d")), List.of(words("a b c d e f")));

        assertEquals(100 * Math.exp(-0.5), score, 1e-9);
    }

    @Test
    void shouldClipRepeatedNgramsAndSumCountsOverCorpus() {
        // Sentence 1: candidate "a a a a b", reference "a b a c d". Unigrams: a clipped to 2, b 1 -> 3/5.
        // Bigrams: aa(3) ab(1) vs ab ba ac cd -> ab 1 -> 1/4. Trigrams: aaa aaa aab -> 0/3. 4-grams: 0/2.
        // Sentence 2: candidate "x y z w", reference "x y z w": 4/4, 3/3, 2/2, 1/1.
        // Corpus: p1 = 7/9, p2 = 4/7, p3 = 2/5, p4 = 1/3; c = 9, r = 9, BP = 1.
        List<List<String>> candidates = List.of(words("a a a a b"), words("x y z w"));
        List<List<String>> references = List.of(words("a b a c d"), words("x y z w"));

        double expected = 100 * Math.exp((Math.log(7.0 / 9) + Math.log(4.0 / 7) + Math.log(2.0 / 5)
                + Math.log(1.0 / 3)) / 4);
        assertEquals(expected, Bleu.corpusScore(candidates, references), 1e-9);
    }

    @Test
    void shouldScoreZeroWithoutAnyMatchingFourGram() {
        double score = Bleu.corpusScore(List.of(words("a b c x")), List.of(words("a b c d")));

        assertEquals(0.0, score, 1e-12);
    }

    @Test
    void shouldRejectMisalignedCorpora() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Bleu.corpusScore(List.of(words("a")), List.of()));

        assertEquals("BLEU needs one reference per candidate, got 1 candidates and 0 references", error.getMessage());
    }
}
