package org.streamtranslate.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that cannot be translated towards the dead-letter topic: logs it at WARN without its text, counts
 * it under {@value TranslationMetrics#DEAD_LETTERS} and forwards its original bytes with the {@code dlq.*} headers.
 */
final class DeadLetterForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterForwarder.class);

    private final TranslationMetrics metrics;

    DeadLetterForwarder(TranslationMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Forwards one dead letter.
     *
     * @param originalKey key bytes as read from the input topic
     * @param originalValue value bytes as read from the input topic, or {@code null} for a tombstone
     * @param inputHeaders headers of the input record, kept on the dead letter; {@code null} when not known
     * @param exception the cause, or {@code null} when the record was rejected without one
     */
    void forward(ProcessorContext<byte[], RoutedValue> context, byte[] originalKey, byte[] originalValue,
                 Headers inputHeaders, RecordOrigin origin, String reason, String detail, Throwable exception) {
        LOG.warn("Sending record to the dead-letter topic: topic={} partition={} offset={} reason={} detail=\"{}\""
                        + " exception={}", origin.topic(), origin.partition(), origin.offset(), reason, detail,
                exception == null ? "none" : exception.getClass().getName());
        metrics.deadLetterSent(reason);

        Headers headers = DeadLetterHeaders.create(inputHeaders, origin, reason, detail, exception);
        RoutedValue value = new RoutedValue.DeadLetter(originalValue, reason);
        context.forward(new Record<>(originalKey, value, origin.timestamp(), headers));
    }
}
