package org.streamtranslate.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalKafkaBrokerIT {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void shouldDeliverProducedRecordToConsumer() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir)) {
            createTopic(broker, "greetings");

            produce(broker, "greetings", Map.of("k1", "hello"));

            List<ConsumerRecord<String, String>> records = consume(broker, "greetings", 1, "read_uncommitted");
            assertEquals("k1", records.get(0).key());
            assertEquals("hello", records.get(0).value());
        }
    }

    @Test
    void shouldKeepTopicsAndRecordsAfterRestart() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir)) {
            createTopic(broker, "kept");
            produce(broker, "kept", Map.of("k1", "before restart"));
        }

        try (LocalKafkaBroker restarted = LocalKafkaBroker.start(dataDir)) {
            try (Admin admin = Admin.create(adminConfig(restarted))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains("kept"), "topics after restart: " + topics);
            }
            List<ConsumerRecord<String, String>> records = consume(restarted, "kept", 1, "read_uncommitted");
            assertEquals("before restart", records.get(0).value());
        }
    }

    @Test
    void shouldRunExactlyOnceStreamsApplication() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir)) {
            createTopic(broker, "words-in");
            createTopic(broker, "words-out");

            Properties streamsConfig = new Properties();
            streamsConfig.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-check-" + UUID.randomUUID());
            streamsConfig.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            streamsConfig.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            streamsConfig.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams-state").toString());
            streamsConfig.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("words-in", Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(value -> value.toUpperCase())
                    .to("words-out", Produced.with(Serdes.String(), Serdes.String()));

            try (KafkaStreams streams = new KafkaStreams(builder.build(), streamsConfig)) {
                streams.start();
                produce(broker, "words-in", Map.of("k1", "quiet"));

                List<ConsumerRecord<String, String>> records = consume(broker, "words-out", 1, "read_committed");
                assertEquals("QUIET", records.get(0).value());
            }
        }
    }

    private static void createTopic(LocalKafkaBroker broker, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(adminConfig(broker))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(LocalKafkaBroker broker, String topic, Map<String, String> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> record : records.entrySet()) {
                ProducerRecord<String, String> producerRecord =
                        new ProducerRecord<>(topic, record.getKey(), record.getValue());
                producer.send(producerRecord).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<ConsumerRecord<String, String>> consume(LocalKafkaBroker broker, String topic, int expected,
                                                                String isolationLevel) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertEquals(expected, received.size(), "records received from " + topic + " within " + POLL_TIMEOUT);
        return received;
    }

    private static Properties adminConfig(LocalKafkaBroker broker) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }
}
