package org.streamtranslate.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    private static final List<List<String>> SENTENCES = List.of(
            List.of("i", "am", "a", "student", "."),
            List.of("i", "love", "you", "."),
            List.of("you", "are", "a", "student", "."));

    @Test
    void shouldKeepTokensAtMinimumCountOrderedByFrequency() {
        Vocabulary vocabulary = Vocabulary.build(SENTENCES, 2, 0);

        assertEquals(4 + 5, vocabulary.size());
        assertEquals(".", vocabulary.token(4));
        assertEquals(Vocabulary.UNKNOWN_ID, vocabulary.id("love"));
        assertArrayEquals(new int[] {vocabulary.id("i"), Vocabulary.UNKNOWN_ID, vocabulary.id("a")},
                vocabulary.encode(List.of("i", "am", "a")));
    }

    @Test
    void shouldDecodeUpToEndToken() {
        Vocabulary vocabulary = Vocabulary.build(SENTENCES, 1, 0);
        int[] ids = {Vocabulary.START_ID, vocabulary.id("i"), vocabulary.id("love"), Vocabulary.END_ID,
            vocabulary.id("you")};

        assertEquals(List.of("i", "love"), vocabulary.decode(ids));
    }

    @Test
    void shouldReloadWithSameIds(@TempDir Path folder) throws Exception {
        Vocabulary vocabulary = Vocabulary.build(SENTENCES, 1, 0);
        Path file = folder.resolve("vocab.en");

        vocabulary.save(file);
        Vocabulary reloaded = Vocabulary.load(file);

        assertEquals(vocabulary.size(), reloaded.size());
        for (int id = 0; id < vocabulary.size(); id++) {
            assertEquals(vocabulary.token(id), reloaded.token(id));
        }
    }

    @Test
    void shouldRejectFileWithoutReservedTokens(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("vocab.en");
        java.nio.file.Files.writeString(file, "hello\nworld\n");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(file));

        assertEquals("A vocabulary must start with the reserved tokens [<pad>, <unk>, <s>, </s>] but starts with "
                + "[hello, world]", error.getMessage());
    }
}
