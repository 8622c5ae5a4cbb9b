package org.streamtranslate.avro;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Failure to decode a Confluent wire-format Avro record. {@link #reason()} is a short machine-readable code that the
 * streaming code copies onto dead-letter records, and the message names what was wrong and what to do.
 */
public class AvroDecodingException extends SerializationException {

    /** The first byte is not 0, so a Confluent-compatible Avro serializer did not write the record. */
    public static final String WRONG_MAGIC_BYTE = "wrong-magic-byte";
    /** The record is shorter than the 5-byte header, or its Avro body ends early. */
    public static final String TRUNCATED_RECORD = "truncated-record";
    /** The registry has no schema with the id from the header. */
    public static final String UNKNOWN_SCHEMA_ID = "unknown-schema-id";
    /** The registry could not be reached, so the writer schema is unknown. */
    public static final String REGISTRY_UNAVAILABLE = "registry-unavailable";
    /** The writer schema cannot be resolved to the reader schema under Avro's schema resolution rules. */
    public static final String INCOMPATIBLE_SCHEMA = "incompatible-schema";
    /** The Avro body does not match the writer schema. */
    public static final String MALFORMED_AVRO = "malformed-avro";

    private final String reason;

    public AvroDecodingException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the failure code: one of {@code wrong-magic-byte}, {@code truncated-record}, {@code unknown-schema-id},
     * {@code registry-unavailable}, {@code incompatible-schema} or {@code malformed-avro}.
     */
    public String reason() {
        return reason;
    }
}
