package org.streamtranslate.streams;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.AvroDecodingException;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.config.TranslatorConfiguration;
import org.streamtranslate.inference.DeterministicTestTranslator;
import org.streamtranslate.inference.TranslationException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.streamtranslate.streams.TopologyTestSupport.INPUT;
import static org.streamtranslate.streams.TopologyTestSupport.START;
import static org.streamtranslate.streams.TopologyTestSupport.header;
import static org.streamtranslate.streams.TopologyTestSupport.key;

class DeadLetterTopologyTest {

    private static final int MAX_TEXT_LENGTH = 20;
    private static final String TOO_MANY_TOKENS = DeterministicTestTranslator.TOO_MANY_TOKENS;

    @TempDir
    Path stateDir;

    private TopologyTestSupport topology;

    @BeforeEach
    void startTopology() {
        TranslatorConfiguration configuration = new TranslatorConfiguration();
        configuration.setMaxTextLength(MAX_TEXT_LENGTH);
        topology = new TopologyTestSupport(stateDir, configuration);
        topology.translator.breakModelOn("poison").rejectAsTooManyTokens("far too many tokens");
        topology.start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    @Test
    void shouldDeadLetterWrongMagicByte() {
        byte[] value = {1, 0, 0, 0, 1, 2, 3};

        topology.sendRaw(key("m"), value);

        assertDeadLetter(key("m"), value, AvroDecodingException.WRONG_MAGIC_BYTE, 0, AvroDecodingException.class);
    }

    @Test
    void shouldDeadLetterTruncatedHeader() {
        byte[] value = {0, 0, 0};

        topology.sendRaw(key("t"), value);

        assertDeadLetter(key("t"), value, AvroDecodingException.TRUNCATED_RECORD, 0, AvroDecodingException.class);
    }

    @Test
    void shouldDeadLetterTruncatedBody() {
        byte[] encoded = topology.encode(topology.sentence("t", "cut short"));
        byte[] value = Arrays.copyOf(encoded, encoded.length - 3);

        topology.sendRaw(key("t"), value);

        assertDeadLetter(key("t"), value, AvroDecodingException.TRUNCATED_RECORD, 0, AvroDecodingException.class);
    }

    @Test
    void shouldDeadLetterUnknownSchemaId() {
        byte[] value = {0, 0, 0, 0x7f, 0x7f, 2, 'a'};

        topology.sendRaw(key("u"), value);

        assertDeadLetter(key("u"), value, AvroDecodingException.UNKNOWN_SCHEMA_ID, 0, AvroDecodingException.class);
    }

    @Test
    void shouldDeadLetterMalformedAvro() {
        byte[] encoded = topology.encode(topology.sentence("x", "valid body"));
        byte[] value = Arrays.copyOf(encoded, encoded.length + 2);

        topology.sendRaw(key("x"), value);

        assertDeadLetter(key("x"), value, AvroDecodingException.MALFORMED_AVRO, 0, AvroDecodingException.class);
    }

    @Test
    void shouldDeadLetterSchemaTheAppCannotRead() {
        // given a record written with a registered schema whose text is an int, which a string field cannot read
        Schema legacy = new Schema.Parser().parse("""
                {"type": "record", "name": "EnglishSentence", "namespace": "org.streamtranslate.avro", "fields": [
                  {"name": "id", "type": "string"}, {"name": "text", "type": "int"},
                  {"name": "eventTime", "type": "long"}]}""");
        GenericRecord record = new GenericData.Record(legacy);
        record.put("id", "legacy");
        record.put("text", 42);
        record.put("eventTime", START.toEpochMilli());
        byte[] value = ConfluentAvroSerdes.generic(topology.registry, false, true).serializer()
                .serialize("legacy-english", record);

        topology.sendRaw(key("legacy"), value);

        assertDeadLetter(key("legacy"), value, AvroDecodingException.INCOMPATIBLE_SCHEMA, 0,
                AvroDecodingException.class);
    }

    @Test
    void shouldWaitForRegistryInsteadOfDeadLettering() throws Exception {
        // given a record whose schema id is not cached yet, and a registry that is down for 300 ms
        byte[] value = topology.encode(topology.sentence("r", "registry down"));
        topology.registry.goOffline();
        Thread restorer = new Thread(() -> {
            sleepQuietly(300);
            topology.registry.goOnline();
        });
        restorer.start();

        topology.sendRaw(key("r"), value);
        restorer.join();
        topology.advanceWallClock(Duration.ofMillis(100));

        assertTrue(topology.deadLetters.isEmpty(), "a registry outage must not dead-letter the record");
        assertEquals("r", topology.output.readRecord().value().getId());
    }

    @Test
    void shouldStopStreamThreadWhenRegistryStaysDown() {
        // given a registry that stays down longer than the 1 s retry budget of this test
        topology.close();
        TranslatorConfiguration configuration = new TranslatorConfiguration();
        configuration.setRegistryRetryTimeout(Duration.ofSeconds(1));
        topology = new TopologyTestSupport(stateDir, configuration);
        topology.start();
        byte[] value = topology.encode(topology.sentence("r", "registry down"));
        topology.registry.goOffline();

        StreamsException error = assertThrows(StreamsException.class, () -> topology.sendRaw(key("r"), value));

        Throwable cause = error;
        while (cause.getCause() != null && !cause.getMessage().contains("unreachable")) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("schema registry was unreachable"), cause.getMessage());
        assertTrue(topology.deadLetters.isEmpty(), "a registry outage must not dead-letter the record");
    }

    private static void sleepQuietly(long milliseconds) {
        try {
            Thread.sleep(milliseconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldDeadLetterTombstone() {
        topology.sendRaw(key("gone"), null);

        TestRecord<byte[], byte[]> deadLetter = topology.deadLetters.readRecord();
        assertArrayEquals(key("gone"), deadLetter.key());
        assertNull(deadLetter.value());
        assertEquals(DeadLetterReasons.MISSING_VALUE, header(deadLetter, DeadLetterHeaders.REASON));
        assertNull(header(deadLetter, DeadLetterHeaders.EXCEPTION));
    }

    @Test
    void shouldDeadLetterEmptyAndWhitespaceText() {
        byte[] empty = topology.send("e1", "");
        byte[] whitespace = topology.send("e2", " \t\n\u00a0");

        assertDeadLetter(key("e1"), empty, DeadLetterReasons.EMPTY_TEXT, 0, null);
        assertDeadLetter(key("e2"), whitespace, DeadLetterReasons.EMPTY_TEXT, 1, null);
        topology.waitPastMaxWait();
        assertTrue(topology.translator.calls().isEmpty(), "empty texts never reach the model");
    }

    @Test
    void shouldCountMaxTextLengthInCodePoints() {
        String atLimit = "a".repeat(MAX_TEXT_LENGTH);
        // Each emoji is one character (code point) but two Java chars, so this text is at the limit too.
        String emojiAtLimit = "\uD83D\uDE00".repeat(MAX_TEXT_LENGTH);
        String overLimit = "a".repeat(MAX_TEXT_LENGTH + 1);

        topology.send("ok", atLimit);
        topology.send("emoji", emojiAtLimit);
        byte[] tooLong = topology.send("long", overLimit);
        topology.waitPastMaxWait();

        TestRecord<byte[], byte[]> deadLetter = assertDeadLetter(key("long"), tooLong,
                DeadLetterReasons.TEXT_TOO_LONG, 2, null);
        assertTrue(header(deadLetter, DeadLetterHeaders.DETAIL).contains("translator.max-text-length=20"),
                "detail names the property and its value");
        assertEquals(List.of(List.of(atLimit, emojiAtLimit)), topology.translator.calls());
    }

    @Test
    void shouldDeadLetterSentenceTheModelRejects() {
        // given a batch with one sentence that gets a failed outcome
        topology.send("a", "fine");
        byte[] rejected = topology.send("b", "far too many tokens");
        topology.send("c", "also fine");

        // when the batch is flushed
        topology.waitPastMaxWait();

        // then only that sentence is dead-lettered with the translator's reason, in one model call
        TestRecord<byte[], byte[]> deadLetter = assertDeadLetter(key("b"), rejected,
                TOO_MANY_TOKENS, 1, null);
        assertEquals("The sentence has more tokens than the model accepts",
                header(deadLetter, DeadLetterHeaders.DETAIL));
        assertEquals(List.of(3), topology.translator.callSizes());
        List<JapaneseTranslation> translations = topology.output.readValuesToList();
        assertEquals(List.of("a", "c"), translations.stream().map(JapaneseTranslation::getId).toList());
        assertTrue(translations.stream().allMatch(translation -> translation.getBatchSize() == 3),
                "the other sentences keep the batch size of their model call");
    }

    @Test
    void shouldDeadLetterOnlyPoisonRecord() {
        // given a batch of good sentences with one that makes the whole model call throw
        topology.send("a", "first");
        topology.send("b", "second");
        byte[] poison = topology.send("p", "poison");
        topology.send("d", "fourth");

        // when the batch is flushed
        topology.waitPastMaxWait();

        // then the batch call failed, each sentence was retried alone, and only the poison one is dead-lettered
        assertEquals(List.of(4, 1, 1, 1, 1), topology.translator.callSizes());
        TestRecord<byte[], byte[]> deadLetter = assertDeadLetter(key("p"), poison, DeadLetterReasons.MODEL_FAILURE,
                2, TranslationException.class);
        assertTrue(header(deadLetter, DeadLetterHeaders.DETAIL).contains("Test model failure"),
                "detail carries the exception message");
        List<JapaneseTranslation> translations = topology.output.readValuesToList();
        assertEquals(List.of("a", "b", "d"), translations.stream().map(JapaneseTranslation::getId).toList());
        assertTrue(translations.stream().allMatch(translation -> translation.getBatchSize() == 1),
                "retried sentences record their single-sentence model call");
        assertEquals(2, inferenceCalls("failure"), "the batch call and the poison sentence's own call failed");
        assertEquals(3, inferenceCalls("success"));
    }

    @Test
    void shouldDeadLetterLoneSentenceWhenModelThrows() {
        byte[] poison = topology.send("p", "poison");

        topology.waitPastMaxWait();

        assertDeadLetter(key("p"), poison, DeadLetterReasons.MODEL_FAILURE, 0, TranslationException.class);
        assertEquals(List.of(1), topology.translator.callSizes(), "a batch of one is not retried");
        assertTrue(topology.output.isEmpty());
    }

    @Test
    void shouldKeepInputHeadersOnDeadLetter() {
        RecordHeaders inputHeaders = new RecordHeaders();
        inputHeaders.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        inputHeaders.add(DeadLetterHeaders.REASON, "stale-reason-from-a-replay".getBytes(StandardCharsets.UTF_8));
        byte[] value = {9, 9, 9, 9, 9, 9};

        topology.input.pipeInput(new TestRecord<>(key("h"), value, inputHeaders, START));

        TestRecord<byte[], byte[]> deadLetter = topology.deadLetters.readRecord();
        assertEquals("abc", header(deadLetter, "trace-id"));
        assertEquals(AvroDecodingException.WRONG_MAGIC_BYTE, header(deadLetter, DeadLetterHeaders.REASON));
        assertEquals(1, countHeaders(deadLetter, DeadLetterHeaders.REASON), "a replayed dlq.reason is replaced");
    }

    @Test
    void shouldKeepInputHeadersOnModelRejection() {
        // given a sentence the model rejects after batching, sent with a header of the caller's
        RecordHeaders inputHeaders = new RecordHeaders();
        inputHeaders.add("trace-id", "xyz".getBytes(StandardCharsets.UTF_8));
        byte[] value = topology.encode(topology.sentence("t", "far too many tokens"));

        topology.input.pipeInput(new TestRecord<>(key("t"), value, inputHeaders, START));
        topology.waitPastMaxWait();

        TestRecord<byte[], byte[]> deadLetter = topology.deadLetters.readRecord();
        assertEquals("too-many-tokens", header(deadLetter, DeadLetterHeaders.REASON));
        assertEquals("xyz", header(deadLetter, "trace-id"));
        assertArrayEquals(value, deadLetter.value());
    }

    @Test
    void shouldKeepStreamRunningAfterDeadLetters() {
        topology.sendRaw(key("bad"), new byte[] {1, 2, 3});
        topology.send("empty", "   ");

        topology.send("good", "still translated");
        topology.waitPastMaxWait();

        assertEquals(2, topology.deadLetters.getQueueSize());
        assertEquals("good", topology.output.readValue().getId());
        assertEquals(3, topology.counter(TranslationMetrics.RECORDS_IN));
    }

    /** Reads the next dead letter and checks its key, original value bytes, headers and metric. */
    private TestRecord<byte[], byte[]> assertDeadLetter(byte[] key, byte[] value, String reason, long offset,
                                                        Class<? extends Throwable> exception) {
        assertFalse(topology.deadLetters.isEmpty(), "a dead letter with reason " + reason + " was written");
        TestRecord<byte[], byte[]> deadLetter = topology.deadLetters.readRecord();

        assertArrayEquals(key, deadLetter.key(), "original key");
        assertArrayEquals(value, deadLetter.value(), "original value bytes");
        assertEquals(reason, header(deadLetter, DeadLetterHeaders.REASON));
        assertNotNull(header(deadLetter, DeadLetterHeaders.DETAIL));
        assertFalse(header(deadLetter, DeadLetterHeaders.DETAIL).isBlank(), "detail is a sentence");
        assertEquals(INPUT, header(deadLetter, DeadLetterHeaders.TOPIC));
        assertEquals("0", header(deadLetter, DeadLetterHeaders.PARTITION));
        assertEquals(Long.toString(offset), header(deadLetter, DeadLetterHeaders.OFFSET));
        assertEquals(Long.toString(START.toEpochMilli()), header(deadLetter, DeadLetterHeaders.TIMESTAMP));
        assertEquals(exception == null ? null : exception.getName(), header(deadLetter, DeadLetterHeaders.EXCEPTION));
        assertEquals(START.toEpochMilli(), deadLetter.timestamp(), "dead letter keeps the input timestamp");
        assertTrue(topology.counter(TranslationMetrics.DEAD_LETTERS, TranslationMetrics.REASON_TAG, reason) >= 1,
                "dead letter counted under reason " + reason);
        return deadLetter;
    }

    private long inferenceCalls(String outcome) {
        return topology.meterRegistry.find(TranslationMetrics.INFERENCE_TIME)
                .tag(TranslationMetrics.OUTCOME_TAG, outcome).timer().count();
    }

    private static int countHeaders(TestRecord<byte[], byte[]> record, String name) {
        int count = 0;
        for (var ignored : record.headers().headers(name)) {
            count++;
        }
        return count;
    }
}
