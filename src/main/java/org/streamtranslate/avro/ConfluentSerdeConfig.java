package org.streamtranslate.avro;

import java.util.Map;

/**
 * Names of the Kafka client properties that the Avro serdes read in {@code configure}, spelt as Confluent's
 * serdes spell them so that existing client configuration keeps working.
 */
public final class ConfluentSerdeConfig {

    /** Comma-separated base urls of the schema registry; required when no client is passed to the constructor. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Whether the serializer registers unknown schemas ({@code true}, the default) or only looks them up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Whether the deserializer returns generated classes ({@code true}) or {@code GenericRecord} (the default). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Class name of the generated class that record keys are decoded to; implies a specific reader. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /** Class name of the generated class that record values are decoded to; implies a specific reader. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** {@code user:password} for HTTP basic authentication against the registry. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Same as {@link #BASIC_AUTH_USER_INFO}, under the prefixed name that some clients use. */
    public static final String PREFIXED_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    /** Timeout of connecting to the registry and of each request, in milliseconds; 5000 when not set. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    private ConfluentSerdeConfig() {
    }

    /** Reads a boolean property that may be a {@code Boolean} or a string; returns the fallback when absent. */
    static boolean booleanValue(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("Invalid value '" + value + "' for " + key + "; expected true or false");
    }
}
