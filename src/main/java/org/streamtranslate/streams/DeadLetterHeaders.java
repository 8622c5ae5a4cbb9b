package org.streamtranslate.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Names and values of the headers on every record in the dead-letter topic. All values are UTF-8 strings, and
 * numbers are written in decimal. The record key and value are the input record's bytes, unchanged, and the input
 * record's own headers are kept, including on sentences the model rejects (the batching store keeps them).
 *
 * <ul>
 *   <li>{@value #REASON}: short machine-readable reason, one of the constants in {@link DeadLetterReasons} or a
 *       reason returned by the translator, such as {@code too-many-tokens}</li>
 *   <li>{@value #DETAIL}: a sentence for people saying what was wrong and what to do; it never contains the text</li>
 *   <li>{@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}: where the record was read</li>
 *   <li>{@value #TIMESTAMP}: Kafka timestamp of the input record, in milliseconds since the Unix epoch</li>
 *   <li>{@value #EXCEPTION}: class name of the exception that caused the dead letter; only present when one did</li>
 * </ul>
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";
    public static final String TIMESTAMP = "dlq.timestamp";
    public static final String EXCEPTION = "dlq.exception";

    private DeadLetterHeaders() {
    }

    /**
     * Copies the input record's headers and adds the {@code dlq.*} headers, replacing any {@code dlq.*} header that
     * the input already had, for example when a dead letter is replayed and fails again.
     *
     * @param inputHeaders headers of the input record; may be {@code null} when none were kept
     * @param exception the cause, or {@code null} when the record was rejected without one
     */
    static Headers create(Headers inputHeaders, RecordOrigin origin, String reason, String detail,
                          Throwable exception) {
        Headers headers = inputHeaders == null ? new RecordHeaders() : new RecordHeaders(inputHeaders.toArray());
        for (String name : new String[] {REASON, DETAIL, TOPIC, PARTITION, OFFSET, TIMESTAMP, EXCEPTION}) {
            headers.remove(name);
        }

        add(headers, REASON, reason);
        add(headers, DETAIL, detail);
        add(headers, TOPIC, origin.topic());
        add(headers, PARTITION, Integer.toString(origin.partition()));
        add(headers, OFFSET, Long.toString(origin.offset()));
        add(headers, TIMESTAMP, Long.toString(origin.timestamp()));
        if (exception != null) {
            add(headers, EXCEPTION, exception.getClass().getName());
        }
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
