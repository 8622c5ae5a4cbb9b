package org.streamtranslate.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdesTest {

    @Test
    void shouldInstantiateAndConfigureSerdeByClassName() {
        // given
        Map<String, Object> configs = Map.of("schema.registry.url", "http://127.0.0.1:8081");

        // when
        Serde<Object> serde = ConfluentAvroSerdes.byClassName(RecordingSerde.class.getName(), configs, true);

        // then
        RecordingSerde recording = assertInstanceOf(RecordingSerde.class, serde);
        assertEquals(configs, recording.configs());
        assertTrue(recording.isKey());
    }

    @Test
    void shouldExplainMissingSerdeClass() {
        // when
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ConfluentAvroSerdes
                .byClassName("io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde", Map.of(), false));

        // then
        assertEquals("Serde class io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde not found on the"
                + " classpath. Add the jar that contains it (for Confluent's serdes,"
                + " io.confluent:kafka-streams-avro-serde), or remove schema-registry.serde-class to use the built-in"
                + " Avro serde.", error.getMessage());
        assertInstanceOf(ClassNotFoundException.class, error.getCause());
    }

    @Test
    void shouldRejectClassThatIsNotSerde() {
        // when
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ConfluentAvroSerdes.byClassName(String.class.getName(), Map.of(), false));

        // then
        assertEquals("Class java.lang.String does not implement org.apache.kafka.common.serialization.Serde; set"
                + " schema-registry.serde-class to a Kafka serde class.", error.getMessage());
    }
}
