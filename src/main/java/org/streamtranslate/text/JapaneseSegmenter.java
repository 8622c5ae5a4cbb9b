package org.streamtranslate.text;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Segments raw Japanese text into words with Lucene's Kuromoji tokenizer, for sentences that arrive unsegmented
 * (user corrections, the Tatoeba data).
 *
 * <p>Limitation: the training corpus was segmented with KyTea, whose word boundaries differ from Kuromoji's in places
 * (KyTea splits some verb endings into single characters). Text segmented here is close to, not identical with, the
 * corpus segmentation, so BLEU is computed only on corpus-segmented references; chrF, which ignores spaces, is the
 * metric for raw text.
 */
public final class JapaneseSegmenter {

    /**
     * Splits text into words, keeping punctuation as tokens.
     *
     * @param text raw Japanese; {@code null} is treated as empty
     */
    public List<String> segment(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return words;
        }
        try (JapaneseTokenizer tokenizer = new JapaneseTokenizer(null, false, JapaneseTokenizer.Mode.NORMAL)) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            tokenizer.setReader(new StringReader(text.strip()));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                String word = term.toString();
                if (!word.isBlank()) {
                    words.add(word);
                }
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("Kuromoji failed on an in-memory string", e);
        }
        return words;
    }

    /** Joins segmented words the way a translation is shown to a person: without spaces. */
    public static String join(List<String> words) {
        return String.join("", words);
    }
}
