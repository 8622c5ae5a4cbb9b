package org.streamtranslate.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.InMemorySchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryException;

class AvroDecodingFailureTest {

    private static final String TOPIC = "english-in";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final ConfluentAvroDeserializer<EnglishSentence> deserializer =
            new ConfluentAvroDeserializer<>(registry, EnglishSentence.class);

    @Test
    void shouldRejectWrongMagicByte() {
        // given
        byte[] record = {0x7b, 0x22, 0x69, 0x64, 0x22};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, record));

        // then
        assertInstanceOf(SerializationException.class, error);
        assertEquals("wrong-magic-byte", error.reason());
        assertEquals("Record on topic english-in starts with byte 0x7b, not the magic byte 0x00 of the Confluent"
                + " wire format, so no Confluent-compatible Avro serializer wrote it. Check the producer's serializer"
                + " setting.", error.getMessage());
    }

    @Test
    void shouldRejectRecordShorterThanHeader() {
        // given
        byte[] record = {0x00, 0x00, 0x01};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, record));

        // then
        assertEquals("truncated-record", error.reason());
        assertEquals("Record on topic english-in is 3 bytes long, shorter than the 5-byte header of magic byte and"
                + " schema id. Check that the producer wrote the whole record with a Confluent-compatible Avro"
                + " serializer.", error.getMessage());
    }

    @Test
    void shouldRejectEmptyRecordAsTruncated() {
        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, new byte[0]));

        // then
        assertEquals("truncated-record", error.reason());
        assertTrue(error.getMessage().startsWith("Record on topic english-in is 0 bytes long"), error.getMessage());
    }

    @Test
    void shouldRejectRecordCutInsideAvroBody() {
        // given
        byte[] whole = new ConfluentAvroSerializer<EnglishSentence>(registry, false, true).serialize(TOPIC, sentence());
        byte[] cut = Arrays.copyOf(whole, whole.length - 1);

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, cut));

        // then
        assertEquals("truncated-record", error.reason());
        assertInstanceOf(EOFException.class, error.getCause());
        assertEquals("Record on topic english-in with schema id 1 ends inside its Avro body after "
                + (cut.length - 5) + " bytes. Check that the producer wrote the whole record and that nothing cut it"
                + " short.", error.getMessage());
    }

    @Test
    void shouldRejectUnknownSchemaId() {
        // given
        byte[] record = {0x00, 0x00, 0x00, 0x01, 0x2c, 0x02, 'x'};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, record));

        // then
        assertEquals("unknown-schema-id", error.reason());
        SchemaRegistryException cause = assertInstanceOf(SchemaRegistryException.class, error.getCause());
        assertEquals(SchemaRegistryException.Kind.UNKNOWN_SCHEMA_ID, cause.kind());
        assertEquals("Could not fetch writer schema id 300 of a record on topic english-in: Schema id 300 is not"
                + " registered at in-memory. Check that the producer and this consumer use the same registry.",
                error.getMessage());
    }

    @Test
    void shouldReportUnreachableRegistry() throws IOException {
        // given
        String url = "http://127.0.0.1:" + closedPort();
        ConfluentAvroDeserializer<EnglishSentence> remote = new ConfluentAvroDeserializer<>(
                new HttpSchemaRegistryClient(url, Duration.ofSeconds(2), null), EnglishSentence.class);
        byte[] record = {0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 'x'};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> remote.deserialize(TOPIC, record));

        // then
        assertEquals("registry-unavailable", error.reason());
        SchemaRegistryException cause = assertInstanceOf(SchemaRegistryException.class, error.getCause());
        assertEquals(SchemaRegistryException.Kind.REGISTRY_UNAVAILABLE, cause.kind());
        assertTrue(error.getMessage().startsWith("Could not fetch writer schema id 7 of a record on topic english-in:"
                + " Schema registry unavailable for GET /schemas/ids/7: " + url + ": ConnectException"),
                error.getMessage());
        assertTrue(error.getMessage().endsWith("Check that the registry is running and that schema.registry.url is"
                + " right."), error.getMessage());
    }

    @Test
    void shouldRejectWriterSchemaThatReaderCannotResolve() {
        // given
        Schema writer = new Schema.Parser().parse("""
                {"type": "record", "name": "EnglishSentence", "namespace": "org.streamtranslate.avro",
                 "fields": [{"name": "id", "type": "string"}, {"name": "text", "type": "int"}]}""");
        int id = registry.register("other-value", writer);
        byte[] record = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x02, 'x', 0x04};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, record));

        // then
        assertEquals("incompatible-schema", error.reason());
        assertNull(error.getCause());
        assertTrue(error.getMessage().startsWith("Record on topic english-in was written with schema id 1"
                + " (org.streamtranslate.avro.EnglishSentence), which reader schema"
                + " org.streamtranslate.avro.EnglishSentence cannot read: "), error.getMessage());
        assertTrue(error.getMessage().contains("/fields/1/type"), error.getMessage());
        assertTrue(error.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), error.getMessage());
        assertTrue(error.getMessage().endsWith("Register only compatible schema versions, or update this consumer's"
                + " generated classes."), error.getMessage());
    }

    @Test
    void shouldRejectRecordOfOtherType() {
        // given
        int id = registry.register("japanese-out-value", JapaneseTranslation.getClassSchema());
        byte[] record = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x02, 'x'};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, record));

        // then
        assertEquals("incompatible-schema", error.reason());
        assertTrue(error.getMessage().contains("NAME_MISMATCH"), error.getMessage());
    }

    @Test
    void shouldRejectNegativeStringLength() {
        // given
        int id = registry.register("english-in-value", EnglishSentence.getClassSchema());
        byte[] record = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x01, 'x'};

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, record));

        // then
        assertEquals("malformed-avro", error.reason());
        assertEquals("Record on topic english-in is not valid Avro for its writer schema id 1:"
                + " org.apache.avro.AvroRuntimeException: Malformed data. Length is negative: -1. The producer"
                + " probably wrote the body with a different schema than the id names; inspect the producer's"
                + " serializer.", error.getMessage());
    }

    @Test
    void shouldRejectBytesAfterRecordEnd() {
        // given
        byte[] whole = new ConfluentAvroSerializer<EnglishSentence>(registry, false, true).serialize(TOPIC, sentence());
        byte[] padded = Arrays.copyOf(whole, whole.length + 2);

        // when
        AvroDecodingException error = assertThrows(AvroDecodingException.class,
                () -> deserializer.deserialize(TOPIC, padded));

        // then
        assertEquals("malformed-avro", error.reason());
        assertEquals("Record on topic english-in is not valid Avro for its writer schema id 1: bytes remain after the"
                + " end of the record. The producer probably wrote the body with a different schema than the id"
                + " names; inspect the producer's serializer.", error.getMessage());
    }

    private static EnglishSentence sentence() {
        return EnglishSentence.newBuilder()
                .setId("s1")
                .setText("Hello there")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
