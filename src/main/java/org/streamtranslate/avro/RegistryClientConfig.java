package org.streamtranslate.avro;

import java.time.Duration;
import java.util.Map;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;

/** Builds the registry client that a serde configured only through Kafka properties uses. */
final class RegistryClientConfig {

    private RegistryClientConfig() {
    }

    /**
     * Creates an HTTP client from {@code schema.registry.url}, {@code basic.auth.user.info} and the timeouts.
     *
     * @throws IllegalArgumentException when {@code schema.registry.url} is missing or invalid
     */
    static SchemaRegistryClient fromConfigs(Map<String, ?> configs) {
        Object url = configs.get(ConfluentSerdeConfig.SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("Missing " + ConfluentSerdeConfig.SCHEMA_REGISTRY_URL
                    + " in the serde configuration; set it to the registry's base url, for example"
                    + " http://127.0.0.1:8081");
        }

        Object userInfo = configs.get(ConfluentSerdeConfig.BASIC_AUTH_USER_INFO);
        if (userInfo == null) {
            userInfo = configs.get(ConfluentSerdeConfig.PREFIXED_BASIC_AUTH_USER_INFO);
        }
        long timeoutMs = longValue(configs, ConfluentSerdeConfig.HTTP_READ_TIMEOUT_MS,
                HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT.toMillis());
        return new HttpSchemaRegistryClient(url.toString(), Duration.ofMillis(timeoutMs),
                userInfo == null ? null : userInfo.toString());
    }

    private static long longValue(Map<String, ?> configs, String key, long fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
            if (parsed <= 0) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + key
                    + "; expected a positive number of milliseconds", e);
        }
    }
}
