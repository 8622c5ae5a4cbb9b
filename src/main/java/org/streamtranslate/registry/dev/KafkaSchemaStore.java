package org.streamtranslate.registry.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.registry.CompatibilityLevel;

/**
 * Schema store on a compacted Kafka topic with one partition, so that the dev registry keeps its subjects and ids
 * across restarts. Each key names a subject version or a compatibility setting, and each value is the entry as JSON.
 * Compaction therefore keeps only the newest state of each, and a permanent deletion is a tombstone.
 *
 * <p>Limitation: only one registry may use a topic at a time. There is no leader election, so two registries on the
 * same topic would hand out clashing ids. The key and value JSON resembles but is not guaranteed to match Confluent's
 * own {@code _schemas} format, so do not point a Confluent registry at this topic.
 */
final class KafkaSchemaStore implements SchemaStore {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final String KEY_TYPE_SCHEMA = "SCHEMA";
    private static final String KEY_TYPE_CONFIG = "CONFIG";

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private KafkaProducer<String, String> producer;

    KafkaSchemaStore(String bootstrapServers, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public List<StoreEntry> readAll() {
        createTopicIfMissing();
        List<StoreEntry> entries = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, timeout);

            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, endOffsets)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms reading schema"
                            + " topic " + topic + " from " + bootstrapServers + "; check that the broker is up.");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    entries.add(parse(record.key(), record.value()));
                }
            }
        }
        return entries;
    }

    @Override
    public void write(StoreEntry entry) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, key(entry), value(entry));
        try {
            producer().send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to schema topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Failed to write to schema topic " + topic + " on " + bootstrapServers
                    + ": " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    @Override
    public String description() {
        return "kafka topic " + topic + " on " + bootstrapServers;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }

    private void createTopicIfMissing() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(properties)) {
            Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (topics.contains(topic)) {
                warnUnlessCompacted(admin);
                return;
            }

            NewTopic newTopic = new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created schema topic topic={} cleanupPolicy=compact bootstrapServers={}", topic,
                    bootstrapServers);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                LOG.info("Schema topic created concurrently topic={}", topic);
                return;
            }
            throw new IllegalStateException("Failed to create schema topic " + topic + " on " + bootstrapServers
                    + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms connecting to Kafka at "
                    + bootstrapServers + " to check schema topic " + topic + "; check --bootstrap-servers and that"
                    + " the broker is up.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking schema topic " + topic, e);
        }
    }

    private void warnUnlessCompacted(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warn("Schema topic is not compacted, so retention may delete schemas topic={} cleanupPolicy={}",
                    topic, policy == null ? null : policy.value());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Schema topic " + topic + " has no partitions on " + bootstrapServers);
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private String key(StoreEntry entry) {
        ObjectNode key = json.createObjectNode();
        if (entry instanceof StoreEntry.SchemaVersion version) {
            key.put("keytype", KEY_TYPE_SCHEMA).put("subject", version.subject()).put("version", version.version());
        } else if (entry instanceof StoreEntry.VersionRemoval removal) {
            key.put("keytype", KEY_TYPE_SCHEMA).put("subject", removal.subject()).put("version", removal.version());
        } else if (entry instanceof StoreEntry.CompatibilityConfig config) {
            key.put("keytype", KEY_TYPE_CONFIG).put("subject", config.subject());
        }
        return key.toString();
    }

    private String value(StoreEntry entry) {
        if (entry instanceof StoreEntry.SchemaVersion version) {
            return json.createObjectNode()
                    .put("subject", version.subject())
                    .put("version", version.version())
                    .put("id", version.id())
                    .put("schema", version.schema())
                    .put("deleted", version.deleted())
                    .toString();
        }
        if (entry instanceof StoreEntry.CompatibilityConfig config && config.level() != null) {
            return json.createObjectNode().put("compatibilityLevel", config.level().name()).toString();
        }
        return null;
    }

    private StoreEntry parse(String key, String value) {
        try {
            JsonNode keyNode = json.readTree(key);
            String subject = keyNode.path("subject").isTextual() ? keyNode.get("subject").textValue() : null;
            if (KEY_TYPE_CONFIG.equals(keyNode.path("keytype").asText())) {
                CompatibilityLevel level = value == null ? null
                        : CompatibilityLevel.parse(json.readTree(value).path("compatibilityLevel").asText());
                return new StoreEntry.CompatibilityConfig(subject, level);
            }
            if (value == null) {
                return new StoreEntry.VersionRemoval(subject, keyNode.path("version").asInt());
            }
            JsonNode node = json.readTree(value);
            return new StoreEntry.SchemaVersion(node.path("subject").asText(), node.path("version").asInt(),
                    node.path("id").asInt(), node.path("schema").asText(), node.path("deleted").asBoolean());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("Invalid entry in schema topic " + topic + " with key " + key
                    + "; the topic must only be written by the dev registry: " + e.getMessage(), e);
        }
    }
}
