package org.streamtranslate.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnglishTokenizerTest {

    private final EnglishTokenizer tokenizer = new EnglishTokenizer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I can't tell who will arrive first.|i can 't tell who will arrive first .",
        "I'm in the tennis club.|i 'm in the tennis club .",
        "What are you doing?|what are you doing ?",
        "It's 3.5 km, isn't it?|it 's 3.5 km , isn 't it ?",
        "\"I hope so,\" she said.|\" i hope so , \" she said .",
        "We'll meet at ten o'clock!|we 'll meet at ten o 'clock !",
        "A well-known  writer’s book.|a well-known writer 's book .",
    })
    void shouldTokenizeLikeTheTrainingCorpus(String raw, String expected) {
        assertEquals(List.of(expected.split(" ")), tokenizer.tokenize(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "'   '"})
    void shouldReturnNoTokensForBlankText(String blank) {
        assertEquals(List.of(), tokenizer.tokenize(blank));
    }
}
