package org.streamtranslate.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tokenizes raw English the way the small_parallel_enja corpus is tokenized, so that the model sees at serving time
 * the same kind of tokens it was trained on.
 *
 * <p>The corpus is lower-cased, has punctuation split off as separate tokens, and splits clitics before the
 * apostrophe ({@code can't} becomes {@code can 't}, {@code I'm} becomes {@code i 'm}). Hyphenated words stay whole.
 * Typographic quotes and apostrophes are folded to their ASCII forms first.
 */
public final class EnglishTokenizer {

    private static final String SPLIT_PUNCTUATION = ".,?!;:\"()[]{}";

    /**
     * Splits raw text into corpus-style tokens.
     *
     * @param text raw English, any case; {@code null} is treated as empty
     * @return the tokens, possibly empty
     */
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        String normalized = text.toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('\u2018', '\'')
                .replace('\u201c', '"').replace('\u201d', '"');
        for (String word : normalized.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                splitWord(word, tokens);
            }
        }
        return tokens;
    }

    private static void splitWord(String word, List<String> tokens) {
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean insideNumber = (c == '.' || c == ',') && i > 0 && i + 1 < word.length()
                    && Character.isDigit(word.charAt(i - 1)) && Character.isDigit(word.charAt(i + 1));
            if (SPLIT_PUNCTUATION.indexOf(c) >= 0 && !insideNumber) {
                flush(current, tokens);
                tokens.add(String.valueOf(c));
            } else if (c == '\'') {
                // A leading or lone apostrophe is a quote mark; one inside a word starts a clitic: "don't" -> "don 't".
                flush(current, tokens);
                current.append(c);
            } else {
                current.append(c);
            }
        }
        flush(current, tokens);
    }

    private static void flush(StringBuilder current, List<String> tokens) {
        if (current.length() > 0) {
            tokens.add(current.toString());
            current.setLength(0);
        }
    }
}
