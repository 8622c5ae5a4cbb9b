package org.streamtranslate.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.avro.PendingSentence;
import org.streamtranslate.config.TranslatorConfiguration;
import org.streamtranslate.inference.DeterministicTestTranslator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that sentences buffered in the RocksDB store but not yet translated survive a stop, and are translated at
 * the first punctuation after a restart on the same state directory.
 *
 * <p>These tests run {@link BatchTranslationProcessor} on a {@link MockProcessorContext} with a real persistent
 * store, because {@code TopologyTestDriver.close()} deletes its task directories and so cannot be reopened on the
 * same state. Closing the store flushes RocksDB to disk, as a clean shutdown or rebalance does. Recovery after a
 * crash, where the store is rebuilt from its changelog topic, is Kafka Streams' own guarantee and needs a broker.
 */
class BufferRestartTest {

    private static final Instant FIRST_RUN = Instant.parse("2025-01-01T00:00:00Z");
    private static final TaskId TASK = new TaskId(0, 3);
    private static final int PARTITION = 3;

    @TempDir
    Path stateDir;

    private final DeterministicTestTranslator translator = new DeterministicTestTranslator();
    private final TranslatorConfiguration configuration = new TranslatorConfiguration();

    @Test
    void shouldTranslateBufferedSentencesAfterRestart() {
        // given three sentences buffered, fewer than the batch size, and a stop before max-wait passed
        RunningProcessor first = startProcessor(FIRST_RUN);
        for (long offset = 10; offset < 13; offset++) {
            first.processor.process(new Record<>(key(offset), pendingSentence(offset), FIRST_RUN.toEpochMilli()));
        }
        assertTrue(first.context.forwarded().isEmpty(), "nothing translated before the stop");
        first.stop();

        // when a new processor starts on the same state directory, with its wall clock earlier than before
        RunningProcessor second = startProcessor(FIRST_RUN.minusSeconds(60));
        assertTrue(second.context.forwarded().isEmpty(), "nothing is forwarded during init");
        second.punctuate(FIRST_RUN.minusSeconds(60).plusMillis(12));

        // then the first punctuation translates the restored sentences in input order, with their receivedTime
        assertEquals(List.of(3), translator.callSizes());
        List<JapaneseTranslation> translations = translations(second);
        assertEquals(List.of("s-10", "s-11", "s-12"), translations.stream().map(JapaneseTranslation::getId).toList());
        assertTrue(translations.stream().allMatch(translation -> translation.getReceivedTime().equals(FIRST_RUN)),
                "receivedTime is the time of the first run");
        assertEquals(0, countStored(second), "flushed sentences are deleted from the store");
        second.stop();
    }

    @Test
    void shouldNotTranslateFlushedSentencesAgainAfterRestart() {
        // given a sentence that was translated and deleted from the store before the stop
        RunningProcessor first = startProcessor(FIRST_RUN);
        first.processor.process(new Record<>(key(1), pendingSentence(1), FIRST_RUN.toEpochMilli()));
        first.punctuate(FIRST_RUN.plus(configuration.getMaxWait()));
        assertEquals(1, translations(first).size());
        first.stop();

        // when a new processor starts on the same state directory and time passes
        RunningProcessor second = startProcessor(FIRST_RUN.plusSeconds(1));
        second.punctuate(FIRST_RUN.plusSeconds(2));

        // then nothing is translated twice
        assertEquals(List.of(1), translator.callSizes(), "no model call after restart");
        assertTrue(second.context.forwarded().isEmpty(), "no duplicate translation");
        second.stop();
    }

    private RunningProcessor startProcessor(Instant wallClock) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "buffer-restart-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        MockProcessorContext<byte[], RoutedValue> context =
                new MockProcessorContext<>(properties, TASK, stateDir.toFile());
        context.setCurrentSystemTimeMs(wallClock.toEpochMilli());

        // The mock context cannot write a changelog, so logging is off; the RocksDB files are what is reopened.
        KeyValueStore<byte[], PendingSentence> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TranslationTopology.BUFFER_STORE), Serdes.ByteArray(),
                        new PendingSentenceSerde())
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);

        TranslationMetrics metrics = new TranslationMetrics(new SimpleMeterRegistry());
        BatchTranslationProcessor processor = new BatchTranslationProcessor(TranslationTopology.BUFFER_STORE,
                configuration.getBatchSize(), configuration.getMaxWait(), new BatchTranslator(translator, metrics),
                translator.modelVersion(), metrics);
        processor.init(context);
        return new RunningProcessor(context, store, processor);
    }

    private record RunningProcessor(MockProcessorContext<byte[], RoutedValue> context,
                                    KeyValueStore<byte[], PendingSentence> store,
                                    BatchTranslationProcessor processor) {

        void punctuate(Instant wallClock) {
            context.setCurrentSystemTimeMs(wallClock.toEpochMilli());
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(wallClock.toEpochMilli());
        }

        void stop() {
            processor.close();
            store.close();
        }
    }

    private static List<JapaneseTranslation> translations(RunningProcessor running) {
        return running.context.forwarded().stream()
                .map(forward -> ((RoutedValue.Translated) forward.record().value()).translation())
                .toList();
    }

    private static int countStored(RunningProcessor running) {
        int count = 0;
        try (var iterator = running.store.all()) {
            while (iterator.hasNext()) {
                iterator.next();
                count++;
            }
        }
        return count;
    }

    private static byte[] key(long offset) {
        return ("s-" + offset).getBytes(StandardCharsets.UTF_8);
    }

    private static PendingSentence pendingSentence(long offset) {
        EnglishSentence sentence = EnglishSentence.newBuilder()
                .setId("s-" + offset)
                .setText("sentence " + offset)
                .setEventTime(FIRST_RUN.minusSeconds(1))
                .build();
        return PendingSentence.newBuilder()
                .setSentence(sentence)
                .setOriginalKey(ByteBuffer.wrap(key(offset)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1}))
                .setTopic("english-in")
                .setPartition(PARTITION)
                .setOffset(offset)
                .setRecordTimestamp(FIRST_RUN.toEpochMilli())
                .setReceivedTime(FIRST_RUN)
                .build();
    }
}
