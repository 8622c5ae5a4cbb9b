package org.streamtranslate.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.ConfluentAvroDeserializer;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.ConfluentAvroSerializer;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.console.TranslationTopics;
import org.streamtranslate.localstack.LocalKafkaBroker;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;
import org.streamtranslate.registry.dev.DevSchemaRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Serde-level interoperability with Confluent's own Python client (the legacy {@code confluent_kafka.avro}
 * AvroProducer and AvroConsumer from Debian's python3-confluent-kafka): records written by one side must be
 * decoded by the other through a real broker and the dev schema registry.
 *
 * <p>In {@link #shouldExchangeAvroRecordsWithPythonClient()} the Java side replaces the translation service: it
 * decodes the Python-produced {@code EnglishSentence} records with the project serde and writes a
 * {@code JapaneseTranslation} for each, also with the project serde, which the Python AvroConsumer must decode. It
 * checks the wire format and the registry, not the translation model or the topology.
 *
 * <p>{@link #shouldTranslatePythonClientSentencesWithRealService()} runs the real application with the shipped
 * model between the two Python clients. The AvroConsumer decodes every key as Confluent Avro, so it also checks
 * that the topology copies the Avro-string key of each input record unchanged to its translation.
 *
 * <p>The test fails, and does not skip, when {@code /usr/bin/python3} or its Confluent packages are missing,
 * because CI installs them.
 */
class ConfluentPythonClientIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("ops", "interop", "confluent_client.py");
    private static final int SENTENCE_COUNT = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tempDir;

    private LocalKafkaBroker broker;
    private DevSchemaRegistry registry;

    @BeforeEach
    void startBrokerAndRegistry() {
        requirePythonPackages();
        broker = LocalKafkaBroker.start(tempDir.resolve("kafka"));
        TranslationTopics.createMissing(broker.bootstrapServers(), 3, (short) 1);
        registry = DevSchemaRegistry.kafkaBacked("127.0.0.1", 0, broker.bootstrapServers(),
                DevSchemaRegistry.DEFAULT_TOPIC).start();
    }

    @AfterEach
    void stopBrokerAndRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldExchangeAvroRecordsWithPythonClient() throws Exception {
        SchemaRegistryClient client =
                new HttpSchemaRegistryClient(registry.url(), HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT, null);
        Path pythonOutput = tempDir.resolve("python-stdout.jsonl");
        Path pythonErrors = tempDir.resolve("python-stderr.txt");

        Process python = startPythonClient(pythonOutput, pythonErrors);
        List<ConsumerRecord<Object, EnglishSentence>> sentences = consumeSentences(client);
        Map<String, JapaneseTranslation> written = writeTranslations(client, sentences);
        boolean exited = python.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        String errors = Files.readString(pythonErrors, StandardCharsets.UTF_8);
        assertTrue(exited, "Python client still running after " + TIMEOUT + "; stderr: " + errors);
        assertEquals(0, python.exitValue(), "Python client exit status; stderr: " + errors);
        List<JsonNode> events = readEvents(pythonOutput);
        assertProducedSentencesDecoded(events.get(0), sentences);
        assertTranslationsDecodedByPython(events.subList(1, events.size()), written);
    }

    @Test
    void shouldTranslatePythonClientSentencesWithRealService() throws Exception {
        // given the real application with the shipped model, reading the topics the Python client uses
        Path modelPath = Path.of("models", "default").toAbsolutePath();
        String modelVersion = new ObjectMapper()
                .readTree(modelPath.resolve("assets").resolve("metadata.json").toFile()).path("version").asText();
        Path pythonOutput = tempDir.resolve("python-stdout.jsonl");
        Path pythonErrors = tempDir.resolve("python-stderr.txt");

        try (ApplicationContext service = ApplicationContext.builder().properties(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "kafka.streams.default.application.id", "interop-" + UUID.randomUUID(),
                "kafka.streams.default.state.dir", tempDir.resolve("streams").toString(),
                "schema-registry.url", registry.url(),
                "translator.model-path", modelPath.toString())).start()) {

            // when the Python AvroProducer sends sentences and its AvroConsumer reads japanese-out
            Process python = startPythonClient(pythonOutput, pythonErrors);
            boolean exited = python.waitFor(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);

            // then the Python client decodes one translation per sentence, with its Avro key and the model version
            String errors = Files.readString(pythonErrors, StandardCharsets.UTF_8);
            assertTrue(exited, "Python client still running after " + TIMEOUT + "; stderr: " + errors);
            assertEquals(0, python.exitValue(), "Python client exit status; stderr: " + errors);
        }
        List<JsonNode> events = readEvents(pythonOutput);
        List<String> producedIds = new ArrayList<>();
        events.get(0).path("ids").forEach(id -> producedIds.add(id.asText()));
        List<String> translatedIds = new ArrayList<>();
        for (JsonNode event : events.subList(1, events.size())) {
            JsonNode value = event.path("value");
            String id = value.path("id").asText();
            translatedIds.add(id);
            assertEquals("translation", event.path("event").asText());
            assertEquals(id, event.path("key").asText(), "Avro string key decoded by the Python AvroConsumer");
            assertTrue(value.path("english").asText().startsWith("This is sentence number "), event.toString());
            assertEquals("confluent-python", value.path("source").asText());
            assertEquals(modelVersion, value.path("modelVersion").asText());
            assertTrue(value.path("batchSize").asInt() >= 1, event.toString());
            assertTrue(containsJapanese(value.path("japanese").asText()), "Japanese text in " + event);
        }
        assertEquals(producedIds.stream().sorted().toList(), translatedIds.stream().sorted().toList());
    }

    private static boolean containsJapanese(String text) {
        return text.codePoints().mapToObj(Character.UnicodeScript::of).anyMatch(script ->
                script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                        || script == Character.UnicodeScript.HAN);
    }

    private static void requirePythonPackages() {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.avro, avro")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
                fail("Python packages for the interop test are missing: install the Debian packages "
                        + "python3-confluent-kafka and python3-avro (.ci/run does). " + PYTHON + " printed: " + output);
            }
        } catch (IOException e) {
            fail(PYTHON + " not found; install Debian's python3 with python3-confluent-kafka and python3-avro", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted while checking the Python packages", e);
        }
    }

    private Process startPythonClient(Path stdout, Path stderr) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PYTHON, SCRIPT.toString(),
                "--bootstrap-servers", broker.bootstrapServers(),
                "--registry-url", registry.url(),
                "--count", Integer.toString(SENTENCE_COUNT),
                "--timeout", Long.toString(TIMEOUT.toSeconds()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return builder.start();
    }

    /** Reads the Python-produced sentences: keys as Avro strings, values as EnglishSentence, both via the registry. */
    private List<ConsumerRecord<Object, EnglishSentence>> consumeSentences(SchemaRegistryClient client) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "interop-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        List<ConsumerRecord<Object, EnglishSentence>> received = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<Object, EnglishSentence> consumer = new KafkaConsumer<>(config,
                new ConfluentAvroDeserializer<>(client, GenericRecord.class),
                ConfluentAvroSerdes.specific(EnglishSentence.class, client, false, false).deserializer())) {
            consumer.subscribe(List.of(TranslationTopics.ENGLISH_IN));
            while (received.size() < SENTENCE_COUNT && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertEquals(SENTENCE_COUNT, received.size(), "sentences decoded from " + TranslationTopics.ENGLISH_IN);
        return received;
    }

    /** Writes one translation per sentence, keyed by the id as an Avro string as the Python AvroConsumer needs. */
    private Map<String, JapaneseTranslation> writeTranslations(SchemaRegistryClient client,
            List<ConsumerRecord<Object, EnglishSentence>> sentences) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        Map<String, JapaneseTranslation> written = new HashMap<>();
        try (KafkaProducer<CharSequence, JapaneseTranslation> producer = new KafkaProducer<>(config,
                new ConfluentAvroSerializer<>(client, true, true),
                ConfluentAvroSerdes.specific(JapaneseTranslation.class, client, false, true).serializer())) {
            for (ConsumerRecord<Object, EnglishSentence> record : sentences) {
                JapaneseTranslation translation = translationOf(record.value());
                producer.send(new ProducerRecord<>(TranslationTopics.JAPANESE_OUT, translation.getId(), translation))
                        .get(30, TimeUnit.SECONDS);
                written.put(translation.getId(), translation);
            }
        }
        return written;
    }

    private static JapaneseTranslation translationOf(EnglishSentence sentence) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return JapaneseTranslation.newBuilder()
                .setId(sentence.getId())
                .setEnglish(sentence.getText())
                .setJapanese("これは翻訳です。")
                .setModelVersion("interop-stand-in")
                .setSource(sentence.getSource())
                .setTenant(sentence.getTenant())
                .setEventTime(sentence.getEventTime())
                .setReceivedTime(now)
                .setTranslatedTime(now)
                .setBatchSize(1)
                .build();
    }

    private static List<JsonNode> readEvents(Path pythonOutput) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(pythonOutput, StandardCharsets.UTF_8)) {
            events.add(json.readTree(line));
        }
        assertEquals(1 + SENTENCE_COUNT, events.size(), "JSON lines from the Python client: " + events);
        return events;
    }

    private static void assertProducedSentencesDecoded(JsonNode produced,
            List<ConsumerRecord<Object, EnglishSentence>> sentences) {
        assertEquals("produced", produced.path("event").asText());
        List<String> producedIds = new ArrayList<>();
        produced.path("ids").forEach(id -> producedIds.add(id.asText()));
        List<String> decodedIds = new ArrayList<>();
        for (ConsumerRecord<Object, EnglishSentence> record : sentences) {
            EnglishSentence sentence = record.value();
            decodedIds.add(sentence.getId());
            assertEquals(sentence.getId(), String.valueOf(record.key()), "Avro string key of " + sentence.getId());
            assertEquals("confluent-python", sentence.getSource());
            assertTrue(sentence.getText().startsWith("This is sentence number "), sentence.getText());
            assertNotNull(sentence.getEventTime());
        }
        assertEquals(producedIds.stream().sorted().toList(), decodedIds.stream().sorted().toList());
    }

    private static void assertTranslationsDecodedByPython(List<JsonNode> translations,
            Map<String, JapaneseTranslation> written) {
        for (JsonNode event : translations) {
            assertEquals("translation", event.path("event").asText());
            JsonNode value = event.path("value");
            JapaneseTranslation expected = written.get(value.path("id").asText());
            assertNotNull(expected, "Python decoded a translation with an unknown id: " + event);
            assertEquals(expected.getId(), event.path("key").asText());
            assertEquals(expected.getEnglish(), value.path("english").asText());
            assertEquals(expected.getJapanese(), value.path("japanese").asText());
            assertEquals(expected.getModelVersion(), value.path("modelVersion").asText());
            assertEquals(expected.getSource(), value.path("source").asText());
            assertEquals(expected.getEventTime().toEpochMilli(), value.path("eventTime").asLong());
            assertEquals(expected.getBatchSize(), value.path("batchSize").asInt());
        }
    }
}
