package org.streamtranslate.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Test-only {@link Translator} that "translates" by prefixing the text with {@code ja:}, so that results are
 * deterministic and easy to match with their input. It records every call, and can be configured to fail on chosen
 * texts. Either the whole model call throws a {@link TranslationException} when a batch contains such a text, or the
 * text alone gets a failed {@link TranslationOutcome}.
 */
public class DeterministicTestTranslator implements Translator {

    public static final String MODEL_VERSION = "test-model-1";
    public static final String TOO_MANY_TOKENS = "too-many-tokens";

    private final Set<String> textsThatBreakTheModel = new HashSet<>();
    private final Set<String> textsWithTooManyTokens = new HashSet<>();
    private final List<List<String>> calls = new ArrayList<>();

    /** Returns the expected translation of a text. */
    public static String translationOf(String text) {
        return "ja:" + text;
    }

    /** Makes every model call whose batch contains the text throw a {@link TranslationException}. */
    public synchronized DeterministicTestTranslator breakModelOn(String text) {
        textsThatBreakTheModel.add(text);
        return this;
    }

    /** Makes the text get a failed outcome with reason {@value #TOO_MANY_TOKENS}; the rest of its batch succeeds. */
    public synchronized DeterministicTestTranslator rejectAsTooManyTokens(String text) {
        textsWithTooManyTokens.add(text);
        return this;
    }

    /** Returns the texts of every call so far, in call order. */
    public synchronized List<List<String>> calls() {
        return Collections.unmodifiableList(new ArrayList<>(calls));
    }

    /** Returns the size of each call so far, in call order. */
    public synchronized List<Integer> callSizes() {
        return calls.stream().map(List::size).toList();
    }

    @Override
    public synchronized List<TranslationOutcome> translate(List<String> englishTexts) {
        calls.add(List.copyOf(englishTexts));

        for (String text : englishTexts) {
            if (textsThatBreakTheModel.contains(text)) {
                throw new TranslationException("Test model failure on a chosen text",
                        new IllegalStateException("simulated TensorFlow error"));
            }
        }
        return englishTexts.stream().map(this::outcomeOf).toList();
    }

    private TranslationOutcome outcomeOf(String text) {
        if (textsWithTooManyTokens.contains(text)) {
            return TranslationOutcome.failure(TOO_MANY_TOKENS, "The sentence has more tokens than the model accepts");
        }
        return TranslationOutcome.success(translationOf(text));
    }

    @Override
    public String modelVersion() {
        return MODEL_VERSION;
    }

    @Override
    public void close() {
    }
}
