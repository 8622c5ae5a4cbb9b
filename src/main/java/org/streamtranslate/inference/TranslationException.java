package org.streamtranslate.inference;

/** A model call failed as a whole; wraps the TensorFlow error. */
public class TranslationException extends RuntimeException {

    public TranslationException(String message, Throwable cause) {
        super(message, cause);
    }
}
