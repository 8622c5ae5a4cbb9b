package org.streamtranslate.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.streamtranslate.avro.PendingHeader;

/** Converts Kafka record headers to the form kept in the batching state store, and back. */
final class PendingHeaders {

    private PendingHeaders() {
    }

    static List<PendingHeader> toPending(Headers headers) {
        List<PendingHeader> pending = new ArrayList<>();
        if (headers == null) {
            return pending;
        }
        for (Header header : headers) {
            pending.add(new PendingHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
        }
        return pending;
    }

    static Headers toKafka(List<PendingHeader> pending) {
        RecordHeaders headers = new RecordHeaders();
        if (pending == null) {
            return headers;
        }
        for (PendingHeader header : pending) {
            ByteBuffer value = header.getValue();
            byte[] bytes = null;
            if (value != null) {
                bytes = new byte[value.remaining()];
                value.duplicate().get(bytes);
            }
            headers.add(header.getKey(), bytes);
        }
        return headers;
    }
}
