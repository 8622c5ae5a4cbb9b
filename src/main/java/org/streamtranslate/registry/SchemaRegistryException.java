package org.streamtranslate.registry;

import java.util.Objects;

/**
 * Failure of a schema registry call. The {@link Kind} lets callers branch on the cause without parsing the message,
 * and the message names the registry url, subject or schema id and what to do next.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Cause of the failure, independent of the registry product that reported it. */
    public enum Kind {
        /** The registry could not be reached, timed out or returned a server error (HTTP 5xx). */
        REGISTRY_UNAVAILABLE,
        /** No schema has the requested id (error code 40403 on {@code GET /schemas/ids/{id}}). */
        UNKNOWN_SCHEMA_ID,
        /** The subject has no versions (error code 40401). */
        SUBJECT_NOT_FOUND,
        /** The subject exists but does not contain the schema (error code 40403 on a lookup). */
        SCHEMA_NOT_REGISTERED,
        /** The schema breaks the subject's compatibility level (HTTP 409). */
        INCOMPATIBLE_SCHEMA,
        /** The registry rejected the schema text as invalid (error code 42201), or returned one that does not parse. */
        INVALID_SCHEMA,
        /** Any other response: authentication failure, unknown error code or a body that is not the expected JSON. */
        UNEXPECTED_RESPONSE
    }

    private final Kind kind;

    public SchemaRegistryException(Kind kind, String message) {
        this(kind, message, null);
    }

    public SchemaRegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Returns what went wrong. */
    public Kind kind() {
        return kind;
    }
}
