package org.streamtranslate.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of the schema registry that the Avro serdes use, under {@code schema-registry.*} in
 * {@code application.yml}. Works with any Confluent-compatible registry: Confluent, Apicurio's ccompat API,
 * Karapace, Redpanda, or the dev registry of the local stack.
 */
@ConfigurationProperties("schema-registry")
public class SchemaRegistryConfiguration {

    /** Registry url when none is configured: the dev registry of the local stack. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8081";
    /** Whether serializers register new schemas when not configured. */
    public static final boolean DEFAULT_AUTO_REGISTER = true;
    /** Request timeout in milliseconds when not configured. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 5000;

    private String url = DEFAULT_URL;
    private boolean autoRegister = DEFAULT_AUTO_REGISTER;
    private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
    private String basicAuthUserInfo;
    private String serdeClass;

    /**
     * Returns the registry base url, or several separated by commas to fail over between them
     * ({@code schema-registry.url}). Default {@value #DEFAULT_URL}.
     */
    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    /**
     * Returns whether serializers register schemas that their subject does not contain yet
     * ({@code schema-registry.auto-register}). Default {@code true}; set {@code false} in production when schemas
     * are registered by a deployment step, so that the service cannot change a subject.
     */
    public boolean isAutoRegister() {
        return autoRegister;
    }

    public void setAutoRegister(boolean autoRegister) {
        this.autoRegister = autoRegister;
    }

    /**
     * Returns the timeout of connecting to the registry and of each request, in milliseconds
     * ({@code schema-registry.request-timeout-ms}). Default {@value #DEFAULT_REQUEST_TIMEOUT_MS}.
     */
    public long getRequestTimeoutMs() {
        return requestTimeoutMs;
    }

    /**
     * Sets the request timeout in milliseconds.
     *
     * @throws IllegalArgumentException when not positive
     */
    public void setRequestTimeoutMs(long requestTimeoutMs) {
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("Invalid schema-registry.request-timeout-ms " + requestTimeoutMs
                    + "; expected a positive number of milliseconds, for example 5000");
        }
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Returns {@code user:password} for HTTP basic authentication ({@code schema-registry.basic-auth-user-info}).
     * Default {@code null}: no authentication.
     */
    public String getBasicAuthUserInfo() {
        return basicAuthUserInfo;
    }

    public void setBasicAuthUserInfo(String basicAuthUserInfo) {
        this.basicAuthUserInfo = basicAuthUserInfo;
    }

    /**
     * Returns the fully qualified name of a serde class to use instead of the built-in Avro serde, for example
     * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde} ({@code schema-registry.serde-class}).
     * Default {@code null}: the built-in serde. The class's jar must be on the classpath.
     */
    public String getSerdeClass() {
        return serdeClass;
    }

    public void setSerdeClass(String serdeClass) {
        this.serdeClass = serdeClass;
    }

    /** Returns the request timeout as a duration. */
    public Duration requestTimeout() {
        return Duration.ofMillis(requestTimeoutMs);
    }

    /**
     * Returns these settings as Kafka serde properties with Confluent's key names ({@code schema.registry.url},
     * {@code auto.register.schemas}, {@code basic.auth.credentials.source}, {@code basic.auth.user.info}), for a serde
     * class that configures itself.
     */
    public Map<String, Object> toSerdeProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("schema.registry.url", url);
        properties.put("auto.register.schemas", autoRegister);
        properties.put("http.read.timeout.ms", requestTimeoutMs);
        if (basicAuthUserInfo != null && !basicAuthUserInfo.isBlank()) {
            properties.put("basic.auth.credentials.source", "USER_INFO");
            properties.put("basic.auth.user.info", basicAuthUserInfo);
        }
        return properties;
    }
}
