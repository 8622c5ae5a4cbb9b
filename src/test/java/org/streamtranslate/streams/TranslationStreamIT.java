package org.streamtranslate.streams;

import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.inference.DeterministicTestTranslator;
import org.streamtranslate.localstack.LocalKafkaBroker;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;
import org.streamtranslate.registry.dev.DevSchemaRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the whole Micronaut application on an in-process KRaft broker and the dev schema registry, with
 * {@link TestTranslatorFactory}'s translator in place of the model, and checks english-in to japanese-out and the
 * dead-letter topic end to end with exactly-once processing.
 */
class TranslationStreamIT {

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @Test
    void shouldTranslateAndDeadLetterOnRealBroker() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir.resolve("kafka"));
             DevSchemaRegistry registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start()) {
            // given the topics, and the application running against them
            createTopics(broker.bootstrapServers());
            try (ApplicationContext application = startApplication(broker, registry)) {

                // when three good sentences, one that breaks the model and one undecodable record are produced
                SchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null);
                Serde<EnglishSentence> serde = ConfluentAvroSerdes.specific(EnglishSentence.class, client, false, true);
                byte[] poisonValue;
                byte[] garbage = {1, 2, 3, 4, 5, 6};
                try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                    for (String id : List.of("a", "b", "c")) {
                        producer.send(record(id, serde.serializer().serialize("english-in", sentence(id, "text " + id))));
                    }
                    poisonValue = serde.serializer().serialize("english-in",
                            sentence("p", TestTranslatorFactory.POISON_TEXT));
                    producer.send(record("p", poisonValue));
                    producer.send(record("g", garbage));
                    producer.flush();
                }

                // then the good ones are translated and the two others are dead letters with their original bytes
                List<ConsumerRecord<byte[], byte[]>> translated = consume(broker.bootstrapServers(), "japanese-out", 3);
                List<String> ids = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : translated) {
                    JapaneseTranslation translation = ConfluentAvroSerdes
                            .specific(JapaneseTranslation.class, client, false, false)
                            .deserializer().deserialize("japanese-out", record.value());
                    ids.add(translation.getId());
                    assertEquals(DeterministicTestTranslator.translationOf("text " + translation.getId()),
                            translation.getJapanese());
                    assertArrayEquals(key(translation.getId()), record.key());
                }
                assertEquals(List.of("a", "b", "c"), ids);

                List<ConsumerRecord<byte[], byte[]>> deadLetters = consume(broker.bootstrapServers(),
                        "english-in-dlq", 2);
                assertArrayEquals(garbage, deadLetters.get(0).value());
                assertEquals("wrong-magic-byte", header(deadLetters.get(0), DeadLetterHeaders.REASON));
                assertArrayEquals(poisonValue, deadLetters.get(1).value());
                assertEquals(DeadLetterReasons.MODEL_FAILURE, header(deadLetters.get(1), DeadLetterHeaders.REASON));
            }
        }
    }

    private ApplicationContext startApplication(LocalKafkaBroker broker, DevSchemaRegistry registry) {
        return ApplicationContext.builder()
                .environments(TestTranslatorFactory.ENVIRONMENT)
                .properties(Map.of(
                        "kafka.bootstrap.servers", broker.bootstrapServers(),
                        "kafka.streams.default.application.id", "translation-it-" + UUID.randomUUID(),
                        "kafka.streams.default.state.dir", dataDir.resolve("streams").toString(),
                        "kafka.streams.default.commit.interval.ms", "100",
                        "schema-registry.url", registry.url()))
                .start();
    }

    private static void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic("english-in", 1, (short) 1),
                    new NewTopic("japanese-out", 1, (short) 1),
                    new NewTopic("english-in-dlq", 1, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads the topic from the start with read_committed until {@code count} records arrived or the timeout. */
    private static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrapServers, String topic, int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(RECEIVE_TIMEOUT);
            while (records.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertEquals(count, records.size(), "records on " + topic + " within " + RECEIVE_TIMEOUT);
        return records;
    }

    private static ProducerRecord<byte[], byte[]> record(String id, byte[] value) {
        return new ProducerRecord<>("english-in", key(id), value);
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static EnglishSentence sentence(String id, String text) {
        return EnglishSentence.newBuilder().setId(id).setText(text).setEventTime(Instant.now()).build();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
