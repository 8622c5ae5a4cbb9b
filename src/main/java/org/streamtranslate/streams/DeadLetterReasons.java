package org.streamtranslate.streams;

/**
 * Values of the {@code dlq.reason} header that the stream itself sets. Decoding failures use the reasons of
 * {@code org.streamtranslate.avro.AvroDecodingException} ({@code wrong-magic-byte}, {@code truncated-record},
 * {@code unknown-schema-id}, {@code registry-unavailable}, {@code incompatible-schema}, {@code malformed-avro}), and
 * a sentence that the model rejects uses the reason in its {@code TranslationOutcome}, such as
 * {@code too-many-tokens}.
 */
public final class DeadLetterReasons {

    /** The record has no value (a tombstone), so there is no sentence to translate. */
    public static final String MISSING_VALUE = "missing-value";
    /** The deserializer failed with an exception other than {@code AvroDecodingException}. */
    public static final String DECODING_FAILED = "decoding-failed";
    /** The text is empty or contains only whitespace. */
    public static final String EMPTY_TEXT = "empty-text";
    /** The text is longer than {@code translator.max-text-length}. */
    public static final String TEXT_TOO_LONG = "text-too-long";
    /** The model call threw for this sentence even when the sentence was sent alone. */
    public static final String MODEL_FAILURE = "model-failure";
    /** The translator returned a failed outcome without a reason. */
    public static final String TRANSLATION_FAILED = "translation-failed";

    private DeadLetterReasons() {
    }
}
