package org.streamtranslate.registry;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provides the application's {@link SchemaRegistryClient} bean from {@link SchemaRegistryConfiguration}. */
@Factory
public class SchemaRegistryFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryFactory.class);

    /**
     * Creates one HTTP client for the whole application, so that every serde shares its schema cache.
     *
     * @throws IllegalArgumentException when {@code schema-registry.url} is invalid
     */
    @Singleton
    @Bean(typed = SchemaRegistryClient.class)
    public SchemaRegistryClient schemaRegistryClient(SchemaRegistryConfiguration configuration) {
        LOG.info("Using schema registry url={} autoRegister={} requestTimeoutMs={} basicAuth={}",
                configuration.getUrl(), configuration.isAutoRegister(), configuration.getRequestTimeoutMs(),
                configuration.getBasicAuthUserInfo() != null);
        return new HttpSchemaRegistryClient(configuration.getUrl(), configuration.requestTimeout(),
                configuration.getBasicAuthUserInfo());
    }
}
