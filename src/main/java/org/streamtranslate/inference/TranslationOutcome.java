package org.streamtranslate.inference;

/**
 * The result of translating one sentence: either the Japanese text, or the reason it could not be translated.
 *
 * @param japanese the translation with words joined without spaces, or {@code null} when failed
 * @param failureReason a short machine-readable reason such as {@code too-many-tokens}, or {@code null} on success
 * @param failureDetail a sentence for people saying what was wrong and what to do, or {@code null} on success
 */
public record TranslationOutcome(String japanese, String failureReason, String failureDetail) {

    public static TranslationOutcome success(String japanese) {
        return new TranslationOutcome(japanese, null, null);
    }

    public static TranslationOutcome failure(String reason, String detail) {
        return new TranslationOutcome(null, reason, detail);
    }

    public boolean succeeded() {
        return failureReason == null;
    }
}
