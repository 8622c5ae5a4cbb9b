package org.streamtranslate.console;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.localstack.LocalKafkaBroker;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;
import org.streamtranslate.registry.dev.DevSchemaRegistry;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the console against a real broker and the dev registry. A thread replaces the translation service and
 * replies to each sentence with {@code "[ja] " + text}.
 */
class TranslateConsoleIT {

    @TempDir
    Path tempDir;

    private LocalKafkaBroker broker;
    private DevSchemaRegistry registry;
    private Thread translator;
    private volatile boolean translatorRunning = true;

    @BeforeEach
    void startBrokerAndRegistry() {
        broker = LocalKafkaBroker.start(tempDir.resolve("kafka"));
        registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        translatorRunning = false;
        if (translator != null) {
            translator.join(30_000);
        }
        registry.close();
        broker.close();
    }

    @Test
    void shouldPrintEachTranslationAndExitZero() throws Exception {
        TranslationTopics.createMissing(broker.bootstrapServers(), 3, (short) 1);
        startTranslator();
        Path input = tempDir.resolve("pairs.tsv");
        Files.writeString(input, "Hello.\tこんにちは。\n\nGood night.\tおやすみ。\n", StandardCharsets.UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exitCode = runConsole(output, "--file", input.toString(), "--timeout", "60", "--create-topics");

        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().sorted().toList();
        assertEquals(0, exitCode, "console output: " + lines);
        assertEquals(2, lines.size(), "console output: " + lines);
        assertTrue(lines.get(0).matches("Good night\\.  →  \\[ja] Good night\\.  \\(\\d+ ms\\)"),
                lines.get(0));
        assertTrue(lines.get(1).matches("Hello\\.  →  \\[ja] Hello\\.  \\(\\d+ ms\\)"), lines.get(1));
    }

    @Test
    void shouldExitOneWithoutTranslation() throws Exception {
        Path input = tempDir.resolve("one.txt");
        Files.writeString(input, "Nobody translates this.\n", StandardCharsets.UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exitCode = runConsole(output, "--file", input.toString(), "--timeout", "2", "--create-topics");

        assertEquals(1, exitCode);
        assertEquals("", output.toString(StandardCharsets.UTF_8));
        List<String> createdAfterConsole = TranslationTopics.createMissing(broker.bootstrapServers(), 3, (short) 1);
        assertEquals(List.of(), createdAfterConsole, "topics left to create after --create-topics");
    }

    private int runConsole(ByteArrayOutputStream output, String... options) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        String[] args = new String[options.length + 4];
        args[0] = "--bootstrap-servers";
        args[1] = broker.bootstrapServers();
        args[2] = "--registry-url";
        args[3] = registry.url();
        System.arraycopy(options, 0, args, 4, options.length);
        return new CommandLine(new TranslateConsole(out)).execute(args);
    }

    private void startTranslator() {
        SchemaRegistryClient client =
                new HttpSchemaRegistryClient(registry.url(), HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT, null);
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "stand-in-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        translator = new Thread(() -> {
            try (KafkaConsumer<String, EnglishSentence> consumer = new KafkaConsumer<>(consumerConfig,
                    new StringDeserializer(),
                    ConfluentAvroSerdes.specific(EnglishSentence.class, client, false, false).deserializer());
                 KafkaProducer<String, JapaneseTranslation> producer = new KafkaProducer<>(producerConfig,
                         new StringSerializer(),
                         ConfluentAvroSerdes.specific(JapaneseTranslation.class, client, false, true).serializer())) {
                consumer.subscribe(List.of(TranslationTopics.ENGLISH_IN));
                while (translatorRunning) {
                    for (ConsumerRecord<String, EnglishSentence> record : consumer.poll(Duration.ofMillis(200))) {
                        producer.send(new ProducerRecord<>(TranslationTopics.JAPANESE_OUT, record.key(),
                                translationOf(record.value())));
                    }
                    producer.flush();
                }
            }
        }, "stand-in-translator");
        translator.start();
    }

    private static JapaneseTranslation translationOf(EnglishSentence sentence) {
        Instant now = Instant.now();
        return JapaneseTranslation.newBuilder()
                .setId(sentence.getId())
                .setEnglish(sentence.getText())
                .setJapanese("[ja] " + sentence.getText())
                .setModelVersion("stand-in")
                .setEventTime(sentence.getEventTime())
                .setReceivedTime(now)
                .setTranslatedTime(now)
                .build();
    }
}
