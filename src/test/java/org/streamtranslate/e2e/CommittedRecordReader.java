package org.streamtranslate.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads every partition of one topic from the beginning with {@code isolation.level=read_committed}, as a downstream
 * consumer of the service would, and keeps every record it has read. It uses manual assignment, not a consumer
 * group, so it never commits offsets and reads each committed record exactly once.
 */
final class CommittedRecordReader implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    CommittedRecordReader(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A reader must never create a topic, such as a changelog that Kafka Streams has not created yet.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, partition.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Returns every record read so far, in the order read (input order within each partition). */
    List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    /**
     * Polls until {@code done} accepts the records read so far, and fails the test when it does not within
     * {@code timeout}.
     *
     * @param what the awaited condition in words, for the failure message
     */
    List<ConsumerRecord<byte[], byte[]>> awaitRecords(String what, Duration timeout,
                                                      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        if (!pollUntil(timeout, done)) {
            fail("Timed out after " + timeout.toSeconds() + " s waiting for " + what + " on " + topic
                    + "; read " + records.size() + " committed records");
        }
        return records();
    }

    /**
     * Polls until {@code done} accepts the records read so far or {@code timeout} has passed, for tests that check
     * the records themselves afterwards and so give a more precise failure message than a timeout.
     *
     * @return whether {@code done} accepted the records
     */
    boolean pollUntil(Duration timeout, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            consumer.poll(POLL_INTERVAL).forEach(records::add);
        }
        return true;
    }

    /**
     * Reads up to the last stable offset of every partition as it is now, so that every transaction committed before
     * this call has been read. Records of transactions still open are not waited for.
     */
    List<ConsumerRecord<byte[], byte[]>> readToCommittedEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        return awaitRecords("the last stable offsets " + ends, timeout,
                read -> ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue()));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
