package org.streamtranslate.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.streamtranslate.registry.InMemorySchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;

class ConfluentAvroSerdeTest {

    private static final Schema COUNTER_SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Counter", "namespace": "test",
             "fields": [{"name": "name", "type": "string"}, {"name": "count", "type": "int"},
                        {"name": "delta", "type": "int"}]}""");

    /**
     * Magic byte 0, schema id 1 as 4 big-endian bytes, then the Avro body: "ab" is length 2 (zig-zag 4) and two
     * bytes, 300 is zig-zag 600 written as the varint 0xD8 0x04, and -3 is zig-zag 5.
     */
    private static final byte[] COUNTER_BYTES = bytes(0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 'a', 'b', 0xD8, 0x04, 0x05);

    /**
     * Schema id 1, then "s1" and "Hi" (length zig-zag 4 each), source null (union branch 0), tenant "t" (union
     * branch 1 as zig-zag 2, length zig-zag 2, one byte), and eventTime 1000 ms as zig-zag 2000, varint 0xD0 0x0F.
     */
    private static final byte[] SENTENCE_BYTES = bytes(0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 's', '1', 0x04, 'H', 'i',
            0x00, 0x02, 0x02, 't', 0xD0, 0x0F);

    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldWriteGenericRecordAsGoldenBytes() {
        // given
        GenericRecord counter = new GenericData.Record(COUNTER_SCHEMA);
        counter.put("name", "ab");
        counter.put("count", 300);
        counter.put("delta", -3);
        Serde<GenericRecord> serde = ConfluentAvroSerdes.generic(registry, false, true);

        // when
        byte[] written = serde.serializer().serialize("counters", counter);

        // then
        assertArrayEquals(COUNTER_BYTES, written);
        assertEquals(1, registry.lookupId("counters-value", COUNTER_SCHEMA));
    }

    @Test
    void shouldReadGoldenBytesAsGenericRecord() {
        // given
        registry.register("counters-value", COUNTER_SCHEMA);
        Serde<GenericRecord> serde = ConfluentAvroSerdes.generic(registry, false, true);

        // when
        GenericRecord counter = serde.deserializer().deserialize("counters", COUNTER_BYTES);

        // then
        assertEquals("ab", counter.get("name").toString());
        assertEquals(300, counter.get("count"));
        assertEquals(-3, counter.get("delta"));
        assertEquals(COUNTER_SCHEMA, counter.getSchema());
    }

    @Test
    void shouldWriteSpecificRecordAsGoldenBytes() {
        // given
        Serde<EnglishSentence> serde = ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true);

        // when
        byte[] written = serde.serializer().serialize("english-in", sentence());

        // then
        assertArrayEquals(SENTENCE_BYTES, written);
    }

    @Test
    void shouldReadGoldenBytesAsSpecificRecord() {
        // given
        registry.register("english-in-value", EnglishSentence.getClassSchema());
        Serde<EnglishSentence> serde = ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true);

        // when
        EnglishSentence decoded = serde.deserializer().deserialize("english-in", SENTENCE_BYTES);

        // then
        assertEquals(sentence(), decoded);
    }

    @Test
    void shouldRegisterKeySchemaUnderKeySubject() {
        // given
        Serde<GenericRecord> serde = ConfluentAvroSerdes.generic(registry, true, true);
        GenericRecord counter = new GenericData.Record(COUNTER_SCHEMA);
        counter.put("name", "ab");
        counter.put("count", 1);
        counter.put("delta", 1);

        // when
        serde.serializer().serialize("counters", counter);

        // then
        assertEquals(1, registry.lookupId("counters-key", COUNTER_SCHEMA));
        assertEquals(1, registry.latestVersion("counters-key").version());
    }

    @Test
    void shouldRoundTripPrimitiveString() {
        // given
        ConfluentAvroSerializer<String> serializer = new ConfluentAvroSerializer<>(registry, true, true);
        ConfluentAvroDeserializer<Object> deserializer = new ConfluentAvroDeserializer<>(registry, GenericRecord.class);

        // when
        byte[] written = serializer.serialize("english-in", "sentence-7");

        // then
        assertArrayEquals(bytes(0x00, 0x00, 0x00, 0x00, 0x01, 0x14, 's', 'e', 'n', 't', 'e', 'n', 'c', 'e', '-', '7'),
                written);
        assertEquals("sentence-7", deserializer.deserialize("english-in", written));
    }

    @Test
    void shouldPassNullThroughAsTombstone() {
        // given
        Serde<EnglishSentence> serde = ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true);

        // when
        byte[] written = serde.serializer().serialize("english-in", null);
        EnglishSentence read = serde.deserializer().deserialize("english-in", null);

        // then
        assertNull(written);
        assertNull(read);
    }

    @Test
    void shouldRejectUnregisteredSchemaWithoutAutoRegister() {
        // given
        Serde<EnglishSentence> serde = ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, false);

        // when
        SerializationException error = assertThrows(SerializationException.class,
                () -> serde.serializer().serialize("english-in", sentence()));

        // then
        assertEquals("Could not look up schema org.streamtranslate.avro.EnglishSentence under subject"
                + " 'english-in-value' for topic english-in: Subject 'english-in-value' not found at in-memory."
                + " Register a schema under it first.", error.getMessage());
    }

    @Test
    void shouldApplyKafkaConfigKeys() {
        // given
        registry.register("english-in-value", EnglishSentence.getClassSchema());
        ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>(registry, false, true);
        ConfluentAvroDeserializer<Object> deserializer = new ConfluentAvroDeserializer<>(registry, null);
        Map<String, Object> configs = Map.of(ConfluentSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                ConfluentSerdeConfig.SPECIFIC_AVRO_READER, true);

        // when
        serializer.configure(configs, false);
        deserializer.configure(configs, false);
        Object read = deserializer.deserialize("english-in", serializer.serialize("english-in", sentence()));

        // then
        assertEquals(sentence(), read);
    }

    @Test
    void shouldRequireRegistryUrlWhenConfiguredByKafka() {
        // given
        ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>();

        // when
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> serializer.configure(Map.of(), false));

        // then
        assertEquals("Missing schema.registry.url in the serde configuration; set it to the registry's base url,"
                + " for example http://127.0.0.1:8081", error.getMessage());
    }

    private static EnglishSentence sentence() {
        return EnglishSentence.newBuilder()
                .setId("s1")
                .setText("Hi")
                .setSource(null)
                .setTenant("t")
                .setEventTime(Instant.ofEpochMilli(1000))
                .build();
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
