package org.streamtranslate.streams;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.inference.DeterministicTestTranslator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.streamtranslate.streams.TopologyTestSupport.EVENT_TIME;
import static org.streamtranslate.streams.TopologyTestSupport.START;
import static org.streamtranslate.streams.TopologyTestSupport.key;

class TranslationTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestSupport topology;

    @BeforeEach
    void startTopology() {
        topology = new TopologyTestSupport(stateDir).start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    @Test
    void shouldTranslateFullBatchInOneModelCall() {
        // given 31 sentences, one fewer than the default batch size
        for (int i = 0; i < 31; i++) {
            topology.send("id-" + i, "sentence " + i);
        }
        assertTrue(topology.translator.calls().isEmpty(), "no model call before the batch is full");
        assertTrue(topology.output.isEmpty(), "no translation before the batch is full");

        // when the 32nd arrives
        topology.send("id-31", "sentence 31");

        // then one model call translates all 32
        assertEquals(List.of(32), topology.translator.callSizes());
        List<JapaneseTranslation> translations = topology.output.readValuesToList();
        assertEquals(32, translations.size());
        assertTrue(translations.stream().allMatch(translation -> translation.getBatchSize() == 32),
                "every translation records batch size 32");
    }

    @Test
    void shouldFlushPartialBatchAfterMaxWait() {
        // given three sentences, fewer than the batch size
        topology.send("a", "one");
        topology.send("b", "two");
        topology.send("c", "three");

        // when less than max-wait passes, nothing is translated
        topology.advanceWallClock(Duration.ofMillis(10));
        assertTrue(topology.translator.calls().isEmpty(), "no model call before max-wait");

        // when max-wait passes
        topology.waitPastMaxWait();

        // then one model call translates the three
        assertEquals(List.of(3), topology.translator.callSizes());
        assertEquals(3, topology.output.getQueueSize());
    }

    @Test
    void shouldKeepKeysAndInputOrder() {
        // given sentences with distinct keys
        List<String> ids = List.of("k3", "k1", "k2", "k0");
        for (String id : ids) {
            topology.send(id, "text of " + id);
        }

        // when the batch is flushed by time
        topology.waitPastMaxWait();

        // then each translation has its input key, in input order
        List<TestRecord<byte[], JapaneseTranslation>> records = topology.output.readRecordsToList();
        assertEquals(ids.size(), records.size());
        List<String> translatedIds = new ArrayList<>();
        for (TestRecord<byte[], JapaneseTranslation> record : records) {
            assertArrayEquals(key(record.value().getId()), record.key(), "key of " + record.value().getId());
            translatedIds.add(record.value().getId());
        }
        assertEquals(ids, translatedIds);
        assertEquals(List.of(List.of("text of k3", "text of k1", "text of k2", "text of k0")),
                topology.translator.calls());
    }

    @Test
    void shouldFillEveryTranslationField() {
        // given one sentence
        topology.send("s-1", "Hello, world!");

        // when it is flushed after max-wait
        topology.waitPastMaxWait();

        // then the translation copies the sentence and records model, batch and times
        TestRecord<byte[], JapaneseTranslation> record = topology.output.readRecord();
        JapaneseTranslation translation = record.value();
        assertEquals("s-1", translation.getId());
        assertEquals("Hello, world!", translation.getEnglish());
        assertEquals(DeterministicTestTranslator.translationOf("Hello, world!"), translation.getJapanese());
        assertEquals(DeterministicTestTranslator.MODEL_VERSION, translation.getModelVersion());
        assertEquals("web-chat", translation.getSource());
        assertEquals("tenant-a", translation.getTenant());
        assertEquals(EVENT_TIME, translation.getEventTime());
        assertEquals(1, translation.getBatchSize());
        assertEquals(START, translation.getReceivedTime(), "receivedTime is the driver's wall clock at input");
        assertTrue(!translation.getTranslatedTime().isBefore(START.plus(topology.configuration.getMaxWait())),
                "translatedTime " + translation.getTranslatedTime() + " is at or after the max-wait flush");
        assertTrue(translation.getTranslatedTime().isBefore(START.plusSeconds(1)),
                "translatedTime " + translation.getTranslatedTime() + " is within a second of the flush");
        assertEquals(START.toEpochMilli(), record.timestamp(), "output keeps the input record timestamp");
    }

    @Test
    void shouldTranslateLeftoverInBatchesOfBatchSize() {
        // given 70 sentences arriving without pause
        for (int i = 0; i < 70; i++) {
            topology.send("id-" + i, "sentence " + i);
        }

        // when the remainder waits past max-wait
        topology.waitPastMaxWait();

        // then two full batches and one of the remaining 6 were sent
        assertEquals(List.of(32, 32, 6), topology.translator.callSizes());
        assertEquals(70, topology.output.getQueueSize());
    }

    @Test
    void shouldCountRecordsBatchesAndLatency() {
        // given two valid sentences and one empty one
        topology.send("a", "one");
        topology.send("b", "two");
        topology.send("c", " ");

        // when the batch is flushed
        topology.waitPastMaxWait();

        // then the meters count them
        assertEquals(3, topology.counter(TranslationMetrics.RECORDS_IN));
        assertEquals(2, topology.counter(TranslationMetrics.RECORDS_OUT));
        assertEquals(1, topology.counter(TranslationMetrics.DEAD_LETTERS, TranslationMetrics.REASON_TAG,
                DeadLetterReasons.EMPTY_TEXT));
        var batchSize = topology.meterRegistry.find(TranslationMetrics.BATCH_SIZE).summary();
        assertEquals(1, batchSize.count());
        assertEquals(2, batchSize.totalAmount());
        var inference = topology.meterRegistry.find(TranslationMetrics.INFERENCE_TIME)
                .tag(TranslationMetrics.OUTCOME_TAG, "success").timer();
        assertEquals(1, inference.count());
        var latency = topology.meterRegistry.find(TranslationMetrics.END_TO_END_LATENCY).timer();
        assertEquals(2, latency.count());
        assertTrue(latency.max(java.util.concurrent.TimeUnit.MILLISECONDS) >= 1000,
                "end-to-end latency includes the second between eventTime and receipt");
    }
}
