package org.streamtranslate.streams;

/**
 * Topic, partition, offset and timestamp of an input record. Dead letters contain them as {@code dlq.*} headers and
 * the WARN log of each dead letter names them, so that an operator can find the record in the input topic.
 *
 * @param topic input topic name
 * @param partition input partition
 * @param offset offset of the record in its partition
 * @param timestamp Kafka timestamp of the record, in milliseconds since the Unix epoch
 */
public record RecordOrigin(String topic, int partition, long offset, long timestamp) {
}
