package org.streamtranslate.avro;

/**
 * Constants of the Confluent wire format: one magic byte 0, the schema id as a 4-byte big-endian int, then the
 * Avro binary encoding of the record.
 */
final class ConfluentWireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** Returns the subject name under the topic-name strategy: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
