package org.streamtranslate.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.streamtranslate.registry.InMemorySchemaRegistryClient;

class SchemaEvolutionTest {

    /** EnglishSentence as it was before the optional tenant field was added. */
    private static final Schema SENTENCE_WITHOUT_TENANT = new Schema.Parser().parse("""
            {"type": "record", "name": "EnglishSentence", "namespace": "org.streamtranslate.avro",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "text", "type": "string"},
               {"name": "source", "type": ["null", "string"], "default": null},
               {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");

    /** JapaneseTranslation as it was before the batchSize field, which defaults to 1, was added. */
    private static final Schema TRANSLATION_WITHOUT_BATCH_SIZE = new Schema.Parser().parse("""
            {"type": "record", "name": "JapaneseTranslation", "namespace": "org.streamtranslate.avro",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "english", "type": "string"},
               {"name": "japanese", "type": "string"},
               {"name": "modelVersion", "type": "string"},
               {"name": "source", "type": ["null", "string"], "default": null},
               {"name": "tenant", "type": ["null", "string"], "default": null},
               {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
               {"name": "receivedTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
               {"name": "translatedTime", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldReadPreviousSentenceVersionWithCurrentClass() {
        // given
        GenericRecord old = new GenericData.Record(SENTENCE_WITHOUT_TENANT);
        old.put("id", "s-1");
        old.put("text", "Good morning.");
        old.put("source", "web-chat");
        old.put("eventTime", 1_700_000_000_000L);
        byte[] written = ConfluentAvroSerdes.generic(registry, false, true).serializer().serialize("english-in", old);

        // when
        EnglishSentence read = ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true)
                .deserializer().deserialize("english-in", written);

        // then
        assertEquals("s-1", read.getId());
        assertEquals("Good morning.", read.getText());
        assertEquals("web-chat", read.getSource());
        assertNull(read.getTenant());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), read.getEventTime());
    }

    @Test
    void shouldRegisterCurrentSentenceAfterPreviousVersion() {
        // given
        registry.register("english-in-value", SENTENCE_WITHOUT_TENANT);

        // when
        boolean compatible = registry.isCompatible("english-in-value", EnglishSentence.getClassSchema());
        int id = registry.register("english-in-value", EnglishSentence.getClassSchema());

        // then
        assertTrue(compatible);
        assertEquals(2, id);
        assertEquals(2, registry.latestVersion("english-in-value").version());
    }

    @Test
    void shouldFillDefaultBatchSizeForPreviousTranslation() {
        // given
        GenericRecord old = new GenericData.Record(TRANSLATION_WITHOUT_BATCH_SIZE);
        old.put("id", "s-1");
        old.put("english", "Good morning.");
        old.put("japanese", "おはようございます。");
        old.put("modelVersion", "v3");
        old.put("eventTime", 1L);
        old.put("receivedTime", 2L);
        old.put("translatedTime", 3L);
        byte[] written = ConfluentAvroSerdes.generic(registry, false, true).serializer().serialize("japanese-out", old);

        // when
        JapaneseTranslation read = ConfluentAvroSerdes.specific(JapaneseTranslation.class, registry, false, true)
                .deserializer().deserialize("japanese-out", written);

        // then
        assertEquals("おはようございます。", read.getJapanese());
        assertEquals(1, read.getBatchSize());
        assertNull(read.getTenant());
        assertEquals(Instant.ofEpochMilli(3L), read.getTranslatedTime());
    }
}
