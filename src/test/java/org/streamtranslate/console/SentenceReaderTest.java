package org.streamtranslate.console;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceReaderTest {

    @Test
    void shouldSkipBlankLinesAndTrim() {
        SentenceReader reader = readerOf("  Hello.  \n\n   \nHow are you?\n", false);

        assertEquals(List.of("Hello.", "How are you?"), readAll(reader));
    }

    @Test
    void shouldTakeFirstColumnOfTabSeparatedLine() {
        String tsv = "I am here.\t私はここにいます。\nNo tab here\n\t日本語だけ\n";
        SentenceReader reader = readerOf(tsv, true);

        assertEquals(List.of("I am here.", "No tab here"), readAll(reader));
    }

    @Test
    void shouldKeepTabsWhenNotTabSeparated() {
        SentenceReader reader = readerOf("a\tb\n", false);

        assertEquals(List.of("a\tb"), readAll(reader));
    }

    @Test
    void shouldDetectTsvByExtension() {
        assertTrue(SentenceReader.isTabSeparated(Path.of("data", "pairs.TSV")));
        assertFalse(SentenceReader.isTabSeparated(Path.of("data", "pairs.txt")));
        assertFalse(SentenceReader.isTabSeparated(Path.of("tsv")));
    }

    private static SentenceReader readerOf(String text, boolean tabSeparated) {
        return new SentenceReader(new BufferedReader(new StringReader(text)), tabSeparated);
    }

    private static List<String> readAll(SentenceReader reader) {
        List<String> sentences = new ArrayList<>();
        Optional<String> sentence;
        while ((sentence = reader.next()).isPresent()) {
            sentences.add(sentence.get());
        }
        return sentences;
    }
}
