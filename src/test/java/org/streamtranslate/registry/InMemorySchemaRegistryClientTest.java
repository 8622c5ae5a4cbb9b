package org.streamtranslate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final Schema TEXT = new Schema.Parser().parse("""
            {"type": "record", "name": "Greeting", "fields": [{"name": "text", "type": "string"}]}""");
    private static final Schema TEXT_AND_LANGUAGE = new Schema.Parser().parse("""
            {"type": "record", "name": "Greeting", "fields": [{"name": "text", "type": "string"},
             {"name": "language", "type": "string"}]}""");

    @Test
    void shouldRejectIncompatibleRegistration() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("greetings-value", TEXT);

        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> registry.register("greetings-value", TEXT_AND_LANGUAGE));

        // then
        assertEquals(SchemaRegistryException.Kind.INCOMPATIBLE_SCHEMA, error.kind());
        assertEquals("Schema Greeting is incompatible with subject 'greetings-value' under BACKWARD at in-memory:"
                + " [new schema cannot read data written with an earlier schema: READER_FIELD_MISSING_DEFAULT_VALUE"
                + " at /fields/1: language]. Add defaults to new fields or register under a new subject.",
                error.getMessage());
    }

    @Test
    void shouldAcceptAnyChangeUnderNone() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(CompatibilityLevel.NONE);
        registry.register("greetings-value", TEXT);

        // when
        int id = registry.register("greetings-value", TEXT_AND_LANGUAGE);

        // then
        assertEquals(2, id);
        assertEquals(new RegisteredSchema("greetings-value", 2, 2, TEXT_AND_LANGUAGE),
                registry.latestVersion("greetings-value"));
    }

    @Test
    void shouldReuseIdAcrossSubjects() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

        // when
        int first = registry.register("greetings-value", TEXT);
        int second = registry.register("greetings-key", TEXT);

        // then
        assertEquals(1, first);
        assertEquals(1, second);
        assertEquals(TEXT, registry.schemaById(1));
    }
}
