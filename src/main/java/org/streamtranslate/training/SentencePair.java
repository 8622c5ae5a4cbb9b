package org.streamtranslate.training;

import java.util.List;

/**
 * One English sentence and its Japanese translation, both as word tokens.
 *
 * @param english lower-cased corpus-style English tokens
 * @param japanese segmented Japanese words
 */
public record SentencePair(List<String> english, List<String> japanese) {
}
