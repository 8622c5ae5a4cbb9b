package org.streamtranslate.streams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.avro.AvroDecodingException;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.PendingSentence;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * Decodes raw input records into {@link EnglishSentence}s and checks their text. A valid sentence is forwarded as
 * {@link RoutedValue.AcceptedSentence}, and every other record as {@link RoutedValue.DeadLetter}, so that no input
 * record stops the stream or disappears.
 *
 * <p>An unreachable schema registry is not the record's fault, so such a record is never dead-lettered: decoding is
 * retried with backoff for up to {@code translator.registry-retry-timeout}, which holds back the partition, and after
 * that the processor throws. The stream thread is then replaced and reads the record again from the last commit, so
 * an outage delays sentences but loses none. Only records whose schema id is not cached yet need the registry.
 */
final class SentenceValidationProcessor implements Processor<byte[], byte[], byte[], RoutedValue> {

    private static final Logger LOG = LoggerFactory.getLogger(SentenceValidationProcessor.class);
    private static final long INITIAL_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final Deserializer<EnglishSentence> deserializer;
    private final int maxTextLength;
    private final Duration registryRetryTimeout;
    private final TranslationMetrics metrics;
    private final DeadLetterForwarder deadLetters;
    private ProcessorContext<byte[], RoutedValue> context;

    SentenceValidationProcessor(Deserializer<EnglishSentence> deserializer, int maxTextLength,
                                Duration registryRetryTimeout, TranslationMetrics metrics) {
        this.deserializer = deserializer;
        this.maxTextLength = maxTextLength;
        this.registryRetryTimeout = registryRetryTimeout;
        this.metrics = metrics;
        this.deadLetters = new DeadLetterForwarder(metrics);
    }

    /**
     * Decodes the value, retrying while the registry is unreachable.
     *
     * @throws StreamsException when the registry stays unreachable for {@code registryRetryTimeout}
     */
    private EnglishSentence decodeWaitingForRegistry(Record<byte[], byte[]> record, RecordOrigin origin) {
        long deadline = System.nanoTime() + registryRetryTimeout.toNanos();
        long backoffMs = INITIAL_BACKOFF_MS;
        while (true) {
            try {
                return deserializer.deserialize(origin.topic(), record.headers(), record.value());
            } catch (AvroDecodingException e) {
                if (!AvroDecodingException.REGISTRY_UNAVAILABLE.equals(e.reason())) {
                    throw e;
                }
                if (System.nanoTime() >= deadline) {
                    throw new StreamsException("The schema registry was unreachable for " + registryRetryTimeout
                            + " while decoding topic=" + origin.topic() + " partition=" + origin.partition()
                            + " offset=" + origin.offset() + "; the stream thread stops and the record is read "
                            + "again from the last commit. Check schema-registry.url", e);
                }
                LOG.warn("Schema registry unreachable, retrying topic={} partition={} offset={} backoffMs={} error={}",
                        origin.topic(), origin.partition(), origin.offset(), backoffMs, e.getMessage());
                sleep(backoffMs);
                backoffMs = Math.min(2 * backoffMs, MAX_BACKOFF_MS);
            }
        }
    }

    private static void sleep(long milliseconds) {
        try {
            Thread.sleep(milliseconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while waiting for the schema registry", e);
        }
    }

    @Override
    public void init(ProcessorContext<byte[], RoutedValue> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordReceived();
        RecordOrigin origin = originOf(record);

        if (record.value() == null) {
            rejectRecord(record, origin, DeadLetterReasons.MISSING_VALUE,
                    "The record has no value (a tombstone); produce an EnglishSentence value instead", null);
            return;
        }

        EnglishSentence sentence;
        try {
            sentence = decodeWaitingForRegistry(record, origin);
        } catch (AvroDecodingException e) {
            rejectRecord(record, origin, e.reason(), e.getMessage(), e);
            return;
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            // Any other deserializer failure is a bug or an unexpected input, but still only this record's problem.
            rejectRecord(record, origin, DeadLetterReasons.DECODING_FAILED,
                    "The value could not be decoded as an EnglishSentence: " + e, e);
            return;
        }

        String textProblem = findTextProblem(sentence);
        if (textProblem != null) {
            String detail = DeadLetterReasons.EMPTY_TEXT.equals(textProblem)
                    ? "The text is empty or contains only whitespace; there is nothing to translate"
                    : "The text has " + codePointCount(sentence.getText()) + " characters, more than"
                            + " translator.max-text-length=" + maxTextLength + "; split it into shorter sentences";
            rejectRecord(record, origin, textProblem, detail, null);
            return;
        }

        PendingSentence pending = toPendingSentence(record, sentence, origin);
        context.forward(record.withValue(new RoutedValue.AcceptedSentence(pending)));
    }

    /** Returns the dead-letter reason for the sentence's text, or {@code null} when the text can be translated. */
    private String findTextProblem(EnglishSentence sentence) {
        String text = sentence.getText();
        if (text == null || isBlank(text)) {
            return DeadLetterReasons.EMPTY_TEXT;
        }
        if (codePointCount(text) > maxTextLength) {
            return DeadLetterReasons.TEXT_TOO_LONG;
        }
        return null;
    }

    /** Like {@link String#isBlank()}, but also treats no-break spaces (U+00A0, U+2007, U+202F) as blank. */
    private static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    private static int codePointCount(String text) {
        return text.codePointCount(0, text.length());
    }

    private PendingSentence toPendingSentence(Record<byte[], byte[]> record, EnglishSentence sentence,
                                              RecordOrigin origin) {
        return PendingSentence.newBuilder()
                .setSentence(sentence)
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setOriginalValue(ByteBuffer.wrap(record.value()))
                .setTopic(origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setRecordTimestamp(origin.timestamp())
                .setReceivedTime(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setHeaders(PendingHeaders.toPending(record.headers()))
                .build();
    }

    private RecordOrigin originOf(Record<byte[], byte[]> record) {
        // Metadata is only missing when a punctuator forwards, and this processor has none.
        RecordMetadata metadata = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "Record metadata is missing in " + getClass().getSimpleName() + "; it must run on input records"));
        return new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.timestamp());
    }

    private void rejectRecord(Record<byte[], byte[]> record, RecordOrigin origin, String reason, String detail,
                              Throwable exception) {
        deadLetters.forward(context, record.key(), record.value(), record.headers(), origin, reason, detail, exception);
    }
}
