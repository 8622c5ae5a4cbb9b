package org.streamtranslate.console;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Console client of the translation service: sends English sentences to {@code english-in} and prints each
 * Japanese translation from {@code japanese-out} as it arrives, matched by sentence id.
 *
 * <p>Use it to try the service by hand or from a script. It reads one sentence per line from standard input or
 * {@code --file}, and exits when every sentence has a translation or when {@code --timeout} has passed since the
 * last sentence was sent. It exits with status 0 if every sentence got a translation and 1 otherwise.
 *
 * <p>Limitation: sentences that the service sends to the dead-letter topic are reported only as unanswered,
 * because the console does not read {@code english-in-dlq}.
 */
@Command(name = "translate-console", mixinStandardHelpOptions = true,
        description = "Sends English sentences (one per line, from standard input or --file) to the translation "
                + "service and prints each Japanese translation as it arrives.")
public final class TranslateConsole implements Callable<Integer> {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT] (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "http://127.0.0.1:8081",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--file", paramLabel = "PATH",
            description = "Read sentences from this UTF-8 file instead of standard input. For a .tsv file only the "
                    + "first column is read.")
    Path file;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "Seconds to wait for translations after the last sentence is sent "
                    + "(default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--create-topics",
            description = "Create english-in, japanese-out and english-in-dlq first if they do not exist.")
    boolean createTopics;

    @Option(names = "--partitions", defaultValue = "" + TranslationTopics.DEFAULT_PARTITIONS,
            description = "Partitions of topics created by --create-topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replicas of topics created by --create-topics (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    private final PrintStream out;
    private final Map<String, PendingSentence> pending = new ConcurrentHashMap<>();
    private final AtomicInteger sentCount = new AtomicInteger();
    private final AtomicInteger failedSendCount = new AtomicInteger();
    private final AtomicLong lastSentNanos = new AtomicLong(System.nanoTime());
    private volatile boolean inputFinished;

    /** An English sentence sent to the service and not yet translated. */
    private record PendingSentence(String english, long sentNanos) {
    }

    /** Creates a console that prints translations to {@code out}. */
    TranslateConsole(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // UTF-8 whatever the platform encoding, so Japanese prints correctly under a POSIX locale too.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.exit(new CommandLine(new TranslateConsole(stdout)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (createTopics) {
            List<String> created = TranslationTopics.createMissing(bootstrapServers, partitions, replicationFactor);
            if (!created.isEmpty()) {
                System.err.println("Created topics: " + String.join(", ", created));
            }
        }

        SchemaRegistryClient registry =
                new HttpSchemaRegistryClient(registryUrl, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT, null);
        Serde<EnglishSentence> sentenceSerde =
                ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true);
        Serde<JapaneseTranslation> translationSerde =
                ConfluentAvroSerdes.specific(JapaneseTranslation.class, registry, false, false);

        try (KafkaConsumer<byte[], JapaneseTranslation> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), translationSerde.deserializer());
             KafkaProducer<String, EnglishSentence> producer = new KafkaProducer<>(producerConfig(),
                     new StringSerializer(), sentenceSerde.serializer());
             SentenceReader reader = openInput()) {
            // Start at the end of japanese-out before sending, so no translation of ours is missed or replayed.
            assignAtEnd(consumer);
            Thread sender = new Thread(() -> sendAll(reader, producer), "translate-console-sender");
            sender.setDaemon(true);
            sender.start();

            printTranslations(consumer);
            return reportUnanswered();
        }
    }

    private SentenceReader openInput() throws IOException {
        if (file == null) {
            return new SentenceReader(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    false);
        }
        if (!Files.isReadable(file)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--file " + file + " is not a readable file");
        }
        return new SentenceReader(Files.newBufferedReader(file, StandardCharsets.UTF_8),
                SentenceReader.isTabSeparated(file));
    }

    private void assignAtEnd(KafkaConsumer<byte[], JapaneseTranslation> consumer) {
        List<PartitionInfo> partitionInfos =
                consumer.partitionsFor(TranslationTopics.JAPANESE_OUT, Duration.ofSeconds(30));
        if (partitionInfos == null || partitionInfos.isEmpty()) {
            throw new IllegalStateException("Topic " + TranslationTopics.JAPANESE_OUT + " not found on "
                    + bootstrapServers + "; run with --create-topics or start the translation service first");
        }
        List<TopicPartition> partitions = partitionInfos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: position() fixes the end offsets now, before the first sentence goes out.
        partitions.forEach(consumer::position);
    }

    private void sendAll(SentenceReader reader, KafkaProducer<String, EnglishSentence> producer) {
        try {
            Optional<String> sentence;
            while ((sentence = reader.next()).isPresent()) {
                send(producer, sentence.get());
            }
            producer.flush();
        } catch (RuntimeException e) {
            System.err.println("Stopped reading input: " + e.getMessage());
        } finally {
            inputFinished = true;
        }
    }

    private void send(KafkaProducer<String, EnglishSentence> producer, String english) {
        String id = UUID.randomUUID().toString();
        EnglishSentence sentence = EnglishSentence.newBuilder()
                .setId(id)
                .setText(english)
                .setSource("translate-console")
                .setEventTime(Instant.now())
                .build();

        pending.put(id, new PendingSentence(english, System.nanoTime()));
        sentCount.incrementAndGet();
        lastSentNanos.set(System.nanoTime());
        try {
            producer.send(new ProducerRecord<>(TranslationTopics.ENGLISH_IN, id, sentence), (metadata, error) -> {
                if (error != null) {
                    markUnsent(id, error);
                }
            });
        } catch (RuntimeException e) {
            // send throws at once when serializing fails, for example when the registry is unreachable, so the
            // sentence never left and must not be waited for. sendAll prints the error and stops reading.
            pending.remove(id);
            failedSendCount.incrementAndGet();
            throw e;
        }
    }

    private void markUnsent(String id, Exception error) {
        pending.remove(id);
        failedSendCount.incrementAndGet();
        System.err.println("Failed to send sentence id=" + id + " to " + TranslationTopics.ENGLISH_IN + ": "
                + error.getMessage());
    }

    private void printTranslations(KafkaConsumer<byte[], JapaneseTranslation> consumer) {
        long timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!(inputFinished && pending.isEmpty())) {
            if (inputFinished && System.nanoTime() - lastSentNanos.get() > timeoutNanos) {
                return;
            }
            try {
                for (ConsumerRecord<byte[], JapaneseTranslation> record : consumer.poll(POLL_INTERVAL)) {
                    printIfPending(record.value());
                }
            } catch (RecordDeserializationException e) {
                // Another producer's record that is not a JapaneseTranslation: skip it rather than stop.
                System.err.println("Skipped undecodable record at " + e.topicPartition() + " offset " + e.offset()
                        + ": " + e.getMessage());
                consumer.seek(e.topicPartition(), e.offset() + 1);
            }
        }
    }

    private void printIfPending(JapaneseTranslation translation) {
        if (translation == null) {
            return;
        }
        PendingSentence sentence = pending.remove(translation.getId());
        if (sentence == null) {
            return;
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentence.sentNanos());
        out.printf("%s  →  %s  (%d ms)%n", sentence.english(), translation.getJapanese(), latencyMs);
    }

    private int reportUnanswered() {
        int sent = sentCount.get();
        int unanswered = pending.size();
        int failed = failedSendCount.get();
        if (unanswered == 0 && failed == 0) {
            if (sent == 0) {
                System.err.println("No sentences in the input.");
            } else if (sent == 1) {
                System.err.println("The sentence was translated.");
            } else {
                System.err.printf("All %d sentences translated.%n", sent);
            }
            return 0;
        }
        System.err.printf("%d of %d sentences got no translation within %d s after the last was sent; "
                + "%d could not be sent.%n", unanswered, sent, timeoutSeconds, failed);
        return 1;
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return config;
    }

    private Properties consumerConfig() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // The service writes with exactly-once transactions, so aborted translations must not be printed.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return config;
    }
}
