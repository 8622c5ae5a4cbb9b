package org.streamtranslate.e2e;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.registry.SchemaRegistryClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * Produces {@code EnglishSentence} records the way a client of the service does: the value in the Confluent wire
 * format through the project serde (registering the schema on first use), the key the sentence id as UTF-8 bytes.
 */
final class SentenceProducer implements AutoCloseable {

    private final String topic;
    private final Serializer<EnglishSentence> serializer;
    private final KafkaProducer<byte[], byte[]> producer;

    SentenceProducer(String bootstrapServers, SchemaRegistryClient registry, String topic) {
        this.topic = topic;
        this.serializer = ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true).serializer();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Returns a sentence with the given id and text, source {@code e2e-test} and event time now. */
    static EnglishSentence sentence(String id, String text) {
        return EnglishSentence.newBuilder()
                .setId(id)
                .setText(text)
                .setSource("e2e-test")
                .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                .build();
    }

    static byte[] keyOf(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends the sentence without waiting for the broker.
     *
     * @return the value bytes as sent, for comparing with a dead letter
     */
    byte[] send(EnglishSentence sentence) {
        byte[] value = serializer.serialize(topic, sentence);
        producer.send(new ProducerRecord<>(topic, keyOf(sentence.getId()), value));
        return value;
    }

    /** Waits until every sent record is acknowledged by the broker. */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
