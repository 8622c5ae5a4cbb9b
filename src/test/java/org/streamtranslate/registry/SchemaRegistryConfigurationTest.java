package org.streamtranslate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.streamtranslate.avro.AvroSerdeFactory;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.RecordingSerde;

class SchemaRegistryConfigurationTest {

    @Test
    void shouldUseDocumentedDefaults() {
        try (ApplicationContext context = ApplicationContext.run()) {
            // when
            SchemaRegistryConfiguration configuration = context.getBean(SchemaRegistryConfiguration.class);

            // then
            assertEquals("http://127.0.0.1:8081", configuration.getUrl());
            assertTrue(configuration.isAutoRegister());
            assertEquals(5000, configuration.getRequestTimeoutMs());
            assertNull(configuration.getBasicAuthUserInfo());
            assertNull(configuration.getSerdeClass());
        }
    }

    @Test
    void shouldBindPropertiesAndBuildHttpClient() {
        // given
        Map<String, Object> properties = Map.of(
                "schema-registry.url", "http://127.0.0.1:18081",
                "schema-registry.auto-register", false,
                "schema-registry.request-timeout-ms", 750,
                "schema-registry.basic-auth-user-info", "ann:secret");

        try (ApplicationContext context = ApplicationContext.run(properties)) {
            // when
            SchemaRegistryConfiguration configuration = context.getBean(SchemaRegistryConfiguration.class);
            SchemaRegistryClient client = context.getBean(SchemaRegistryClient.class);

            // then
            assertFalse(configuration.isAutoRegister());
            assertEquals(750, configuration.getRequestTimeoutMs());
            assertEquals("http://127.0.0.1:18081", assertInstanceOf(HttpSchemaRegistryClient.class, client).url());
            assertEquals(Map.of("schema.registry.url", "http://127.0.0.1:18081", "auto.register.schemas", false,
                    "http.read.timeout.ms", 750L, "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "ann:secret"), configuration.toSerdeProperties());
        }
    }

    @Test
    void shouldCreateConfiguredSerdeClass() {
        // given
        Map<String, Object> properties = Map.of("schema-registry.serde-class",
                RecordingSerde.class.getName());

        try (ApplicationContext context = ApplicationContext.run(properties)) {
            // when
            Serde<EnglishSentence> serde = context.getBean(AvroSerdeFactory.class).specific(EnglishSentence.class,
                    false);

            // then
            RecordingSerde recording =
                    assertInstanceOf(RecordingSerde.class, serde);
            assertEquals("http://127.0.0.1:8081", recording.configs().get("schema.registry.url"));
        }
    }
}
