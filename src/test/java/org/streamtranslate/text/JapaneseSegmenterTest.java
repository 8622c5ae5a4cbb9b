package org.streamtranslate.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class JapaneseSegmenterTest {

    private final JapaneseSegmenter segmenter = new JapaneseSegmenter();

    @Test
    void shouldSplitRawJapaneseIntoWordsThatJoinBackToTheInput() {
        String raw = "私は学生です。";

        List<String> words = segmenter.segment(raw);

        assertTrue(words.size() >= 4, "expected several words, got " + words);
        assertEquals("私", words.get(0));
        assertEquals("。", words.get(words.size() - 1));
        assertEquals(raw, JapaneseSegmenter.join(words));
    }

    @Test
    void shouldReturnNoWordsForBlankText() {
        assertEquals(List.of(), segmenter.segment("  "));
    }
}
