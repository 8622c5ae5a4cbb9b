package org.streamtranslate.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

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
import org.apache.kafka.common.serialization.Serializer;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.localstack.LocalKafkaBroker;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.dev.DevSchemaRegistry;
import org.streamtranslate.training.ParallelCorpus;

/**
 * Translations per second through the whole stack (real KRaft broker, dev registry, the service with the real model,
 * exactly-once) for several {@code translator.batch-size} values. Each run starts a fresh service on fresh topics,
 * produces all sentences at once and measures until the last translation is readable with read_committed. Reports
 * the median of the runs and the ratio to the first batch size, measured in the same process.
 *
 * <p>Arguments: {@code SENTENCES_TSV COUNT RUNS OUTPUT_FOLDER BATCH_SIZE...}; run it with the test classpath.
 */
public final class StackThroughputBenchmark {

    private static final int PARTITIONS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private StackThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> english = ParallelCorpus.readRawColumns(Path.of(args[0])).stream().map(row -> row[0])
                .limit(Integer.parseInt(args[1])).toList();
        int runs = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        List<Integer> batchSizes = Arrays.stream(args).skip(4).map(Integer::parseInt).toList();
        Path work = Files.createTempDirectory("stack-benchmark");
        Map<Integer, Double> medians = new LinkedHashMap<>();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
             DevSchemaRegistry registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start()) {
            int runNumber = 0;
            for (int batchSize : batchSizes) {
                double[] rates = new double[runs];
                for (int run = 0; run < runs; run++) {
                    rates[run] = measure(broker, registry, work, english, batchSize, runNumber++);
                }
                medians.put(batchSize, BenchmarkReport.median(rates));
                System.out.printf(Locale.ROOT, "batch-size %d: median %.1f translations/s %s%n", batchSize,
                        medians.get(batchSize), Arrays.toString(rates));
            }
        }
        write(output, english.size(), runs, medians);
    }

    private static double measure(LocalKafkaBroker broker, DevSchemaRegistry registry, Path work,
                                  List<String> english, int batchSize, int runNumber) throws Exception {
        String suffix = "-" + runNumber;
        createTopics(broker.bootstrapServers(), suffix);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("kafka.streams.default.application.id", "stack-benchmark" + suffix);
        properties.put("kafka.streams.default.state.dir", work.resolve("streams" + suffix).toString());
        properties.put("schema-registry.url", registry.url());
        properties.put("translator.batch-size", batchSize);
        properties.put("translator.topics.input", "english-in" + suffix);
        properties.put("translator.topics.output", "japanese-out" + suffix);
        properties.put("translator.topics.dead-letter", "english-in-dlq" + suffix);
        properties.put("micronaut.server.port", -1);
        try (ApplicationContext application = ApplicationContext.builder().properties(properties).start()) {
            waitUntilRunning(application);
            Serializer<EnglishSentence> serializer = ConfluentAvroSerdes.specific(EnglishSentence.class,
                    new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null), false, true)
                    .serializer();
            Instant start = Instant.now();
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                for (int i = 0; i < english.size(); i++) {
                    String id = "s" + i;
                    EnglishSentence sentence = EnglishSentence.newBuilder().setId(id).setText(english.get(i))
                            .setEventTime(Instant.now()).build();
                    producer.send(new ProducerRecord<>("english-in" + suffix, id.getBytes(StandardCharsets.UTF_8),
                            serializer.serialize("english-in" + suffix, sentence)));
                }
            }
            awaitTranslations(broker.bootstrapServers(), "japanese-out" + suffix, english.size());
            return english.size() / (Duration.between(start, Instant.now()).toNanos() / 1e9);
        }
    }

    private static void waitUntilRunning(ApplicationContext application) throws InterruptedException {
        org.apache.kafka.streams.KafkaStreams streams = application.getBean(org.apache.kafka.streams.KafkaStreams.class);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (streams.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    private static void createTopics(String bootstrapServers, String suffix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : List.of("english-in", "japanese-out", "english-in-dlq")) {
                topics.add(new NewTopic(name + suffix, PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void awaitTranslations(String bootstrapServers, String topic, int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(RUN_TIMEOUT);
            while (keys.size() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Only " + keys.size() + " of " + count + " translations on "
                            + topic + " within " + RUN_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    keys.add(new String(record.key(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void write(Path output, int sentences, int runs, Map<Integer, Double> medians)
            throws Exception {
        String description = sentences + " Tatoeba sentences per run through broker, registry and service "
                + "(exactly-once, " + PARTITIONS + " partitions), median of " + runs + " runs.";
        BenchmarkReport.write(output, "stack-throughput", "Translations per second through the stack", description,
                "translations/s", medians);
    }
}
