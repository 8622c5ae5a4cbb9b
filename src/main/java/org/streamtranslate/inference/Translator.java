package org.streamtranslate.inference;

import java.util.List;

/**
 * Translates batches of raw English sentences to Japanese with one model call per batch.
 *
 * <p>Implementations are thread-safe. A sentence the model cannot handle (too many tokens, say) gets a failed
 * {@link TranslationOutcome} with a reason; the other sentences of the batch are still translated.
 */
public interface Translator extends AutoCloseable {

    /**
     * Translates a batch.
     *
     * @param englishTexts raw English sentences, in any case and with punctuation attached
     * @return one outcome per input, in input order
     * @throws TranslationException when the model call itself fails, so that no sentence of the batch was translated
     */
    List<TranslationOutcome> translate(List<String> englishTexts);

    /** Version of the loaded model, from its metadata; copied into every translation record. */
    String modelVersion();

    @Override
    void close();
}
