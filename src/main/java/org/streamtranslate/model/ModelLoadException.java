package org.streamtranslate.model;

/** A model folder is missing, incomplete or does not fit the code that loads it. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
