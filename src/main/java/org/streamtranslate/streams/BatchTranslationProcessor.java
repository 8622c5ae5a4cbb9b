package org.streamtranslate.streams;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.avro.PendingSentence;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers accepted sentences in a persistent, changelogged state store and translates them in batches: as soon as
 * the store contains {@code batchSize} sentences, or when the oldest has waited {@code maxWait} of wall-clock time.
 * Each batch is one model call, and each sentence becomes one {@link RoutedValue.Translated} with the input key or
 * one {@link RoutedValue.DeadLetter}. Flushed sentences are then deleted from the store.
 *
 * <p>The store is keyed by partition and offset in big-endian bytes, so iterating it returns sentences in input
 * order and output order within a partition matches input order. Because the store is changelogged, sentences that
 * were buffered but not yet flushed when the application stopped or a task moved are restored and flushed at the
 * first punctuation after restart. With {@code exactly_once_v2}, the store changes and the output records are
 * committed in one transaction, so a crash neither loses nor duplicates a sentence. With at-least-once, a crash
 * between forwarding and committing translates the sentences of that batch again.
 *
 * <p>Limitation: each stream task has its own processor and store, so a batch only ever contains sentences from one
 * input partition. With few sentences per partition, batches stay small and most are flushed by the timer. Batching
 * across partitions would need one shared buffer per application instance, which the state store cannot provide.
 */
final class BatchTranslationProcessor implements Processor<byte[], PendingSentence, byte[], RoutedValue> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTranslationProcessor.class);

    /** The punctuator runs every {@code maxWait / 2}, but not more often than this. */
    static final Duration MIN_PUNCTUATION_INTERVAL = Duration.ofMillis(5);

    private final String storeName;
    private final int batchSize;
    private final Duration maxWait;
    private final BatchTranslator batchTranslator;
    private final String modelVersion;
    private final TranslationMetrics metrics;
    private final DeadLetterForwarder deadLetters;

    private ProcessorContext<byte[], RoutedValue> context;
    private KeyValueStore<byte[], PendingSentence> store;
    private int bufferedCount;
    private long oldestReceivedTime = Long.MAX_VALUE;
    private boolean flushRestoredSentences;

    BatchTranslationProcessor(String storeName, int batchSize, Duration maxWait, BatchTranslator batchTranslator,
                              String modelVersion, TranslationMetrics metrics) {
        this.storeName = storeName;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.batchTranslator = batchTranslator;
        this.modelVersion = modelVersion;
        this.metrics = metrics;
        this.deadLetters = new DeadLetterForwarder(metrics);
    }

    @Override
    public void init(ProcessorContext<byte[], RoutedValue> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);

        // Forwarding is not allowed in init, so sentences restored from the changelog are flushed by the first
        // punctuation, even when their receivedTime is less than maxWait ago.
        countBufferedSentences();
        flushRestoredSentences = bufferedCount > 0;
        if (flushRestoredSentences) {
            LOG.info("Restored buffered sentences; they are translated at the next punctuation. task={} sentences={}",
                    context.taskId(), bufferedCount);
        }

        context.schedule(punctuationInterval(maxWait), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
    }

    @Override
    public void process(Record<byte[], PendingSentence> record) {
        PendingSentence sentence = record.value();
        store.put(storeKey(sentence.getPartition(), sentence.getOffset()), sentence);
        bufferedCount++;
        oldestReceivedTime = Math.min(oldestReceivedTime, sentence.getReceivedTime().toEpochMilli());

        if (bufferedCount >= batchSize) {
            flushAll(context.currentSystemTimeMs());
        }
    }

    /**
     * Returns how often the punctuator checks the oldest sentence's wait: half of {@code maxWait}, so a sentence waits
     * at most 1.5 times {@code maxWait} plus one model call, and at least {@link #MIN_PUNCTUATION_INTERVAL}.
     */
    static Duration punctuationInterval(Duration maxWait) {
        Duration half = maxWait.dividedBy(2);
        return half.compareTo(MIN_PUNCTUATION_INTERVAL) < 0 ? MIN_PUNCTUATION_INTERVAL : half;
    }

    /**
     * Returns the store key of a sentence: partition then offset, big-endian, so that byte order is input order.
     * Offsets and partitions are never negative, so unsigned byte comparison matches numeric order.
     */
    static byte[] storeKey(int partition, long offset) {
        return ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(partition).putLong(offset).array();
    }

    private void flushIfDue(long wallClockMs) {
        if (bufferedCount == 0) {
            return;
        }
        if (flushRestoredSentences || wallClockMs - oldestReceivedTime >= maxWait.toMillis()) {
            flushAll(wallClockMs);
        }
    }

    /** Translates everything in the store, in batches of at most {@code batchSize}, and empties the store. */
    private void flushAll(long wallClockMs) {
        List<KeyValue<byte[], PendingSentence>> buffered = readStore();
        for (int start = 0; start < buffered.size(); start += batchSize) {
            List<KeyValue<byte[], PendingSentence>> batch =
                    buffered.subList(start, Math.min(start + batchSize, buffered.size()));
            translateBatch(batch, wallClockMs);
        }

        bufferedCount = 0;
        oldestReceivedTime = Long.MAX_VALUE;
        flushRestoredSentences = false;
    }

    private void translateBatch(List<KeyValue<byte[], PendingSentence>> batch, long wallClockMs) {
        List<PendingSentence> sentences = batch.stream().map(entry -> entry.value).toList();
        List<BatchTranslator.SentenceResult> results = batchTranslator.translate(sentences, wallClockMs);

        for (BatchTranslator.SentenceResult result : results) {
            if (result.outcome().succeeded()) {
                forwardTranslation(result);
            } else {
                forwardDeadLetter(result);
            }
        }
        for (KeyValue<byte[], PendingSentence> entry : batch) {
            store.delete(entry.key);
        }
    }

    private void forwardTranslation(BatchTranslator.SentenceResult result) {
        PendingSentence pending = result.sentence();
        EnglishSentence sentence = pending.getSentence();
        JapaneseTranslation translation = JapaneseTranslation.newBuilder()
                .setId(sentence.getId())
                .setEnglish(sentence.getText())
                .setJapanese(result.outcome().japanese())
                .setModelVersion(modelVersion)
                .setSource(sentence.getSource())
                .setTenant(sentence.getTenant())
                .setEventTime(sentence.getEventTime())
                .setReceivedTime(pending.getReceivedTime())
                .setTranslatedTime(Instant.ofEpochMilli(result.translatedTime()))
                .setBatchSize(result.batchSize())
                .build();

        RoutedValue value = new RoutedValue.Translated(translation);
        context.forward(new Record<>(keyOf(pending), value, pending.getRecordTimestamp(), new RecordHeaders()));
        metrics.translationSent(sentence.getEventTime().toEpochMilli(), result.translatedTime());
    }

    private void forwardDeadLetter(BatchTranslator.SentenceResult result) {
        PendingSentence pending = result.sentence();
        RecordOrigin origin = new RecordOrigin(pending.getTopic(), pending.getPartition(), pending.getOffset(),
                pending.getRecordTimestamp());
        String reason = result.outcome().failureReason();
        String detail = result.outcome().failureDetail();
        if (reason == null || reason.isBlank()) {
            reason = DeadLetterReasons.TRANSLATION_FAILED;
        }
        if (detail == null || detail.isBlank()) {
            detail = "The translator rejected the sentence without saying why";
        }

        deadLetters.forward(context, keyOf(pending), bytesOf(pending.getOriginalValue()),
                PendingHeaders.toKafka(pending.getHeaders()), origin, reason, detail, result.exception());
    }

    private List<KeyValue<byte[], PendingSentence>> readStore() {
        List<KeyValue<byte[], PendingSentence>> entries = new ArrayList<>(bufferedCount);
        try (KeyValueIterator<byte[], PendingSentence> iterator = store.all()) {
            iterator.forEachRemaining(entries::add);
        }
        return entries;
    }

    private void countBufferedSentences() {
        bufferedCount = 0;
        oldestReceivedTime = Long.MAX_VALUE;
        try (KeyValueIterator<byte[], PendingSentence> iterator = store.all()) {
            while (iterator.hasNext()) {
                PendingSentence sentence = iterator.next().value;
                bufferedCount++;
                oldestReceivedTime = Math.min(oldestReceivedTime, sentence.getReceivedTime().toEpochMilli());
            }
        }
    }

    private static byte[] keyOf(PendingSentence pending) {
        return pending.getOriginalKey() == null ? null : bytesOf(pending.getOriginalKey());
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
