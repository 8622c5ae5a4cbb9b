package org.streamtranslate.e2e;

import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.localstack.LocalKafkaBroker;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryClient;
import org.streamtranslate.registry.dev.DevSchemaRegistry;
import org.streamtranslate.streams.DeadLetterHeaders;
import org.streamtranslate.streams.TranslationTopology;
import org.streamtranslate.testing.SharedData;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real application on an in-process KRaft broker and the dev schema registry, and checks what a consumer
 * with {@code isolation.level=read_committed} gets from the output and dead-letter topics: one Japanese translation
 * per sentence with the model version and ordered timestamps, a dead letter for a sentence the model cannot read, and
 * neither loss nor duplicates nor spurious dead letters when the service stops and restarts.
 *
 * <p>The translation tests use the shipped model in {@code models/default}. The restart and shutdown tests use the
 * tiny test model, which loads faster, because they check delivery and not translation quality. All tests share one
 * broker and registry, and each uses its own topics and Kafka Streams application id.
 */
class EndToEndTranslationIT {

    private static final Duration TRANSLATION_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;

    private static final List<String> SEED_SENTENCES =
            List.of("this is a pen.", "i am a student", "i love you.", "what are you doing?");
    private static final int DEV_SENTENCES = 20;

    @TempDir
    static Path sharedDir;

    @TempDir
    Path testDir;

    private static LocalKafkaBroker broker;
    private static DevSchemaRegistry registry;
    private static SchemaRegistryClient registryClient;
    private static Deserializer<JapaneseTranslation> translationDeserializer;

    @BeforeAll
    static void startBrokerAndRegistry() {
        broker = LocalKafkaBroker.start(sharedDir.resolve("kafka"));
        registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start();
        registryClient = new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null);
        translationDeserializer =
                ConfluentAvroSerdes.specific(JapaneseTranslation.class, registryClient, false, false).deserializer();
    }

    @AfterAll
    static void stopBrokerAndRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldTranslateSeedAndDevSentencesWithRealModel() throws Exception {
        // given the service with the shipped model, and the seed sentences followed by the first dev sentences
        ServiceTopics topics = ServiceTopics.withPrefix("seed");
        topics.create(broker.bootstrapServers(), PARTITIONS);
        Map<String, EnglishSentence> sent = new LinkedHashMap<>();
        for (int i = 0; i < SEED_SENTENCES.size(); i++) {
            sent.put("seed-" + i, SentenceProducer.sentence("seed-" + i, SEED_SENTENCES.get(i)));
        }
        List<String> devSentences = firstDevSentences(DEV_SENTENCES);
        for (int i = 0; i < devSentences.size(); i++) {
            sent.put("dev-" + i, SentenceProducer.sentence("dev-" + i, devSentences.get(i)));
        }

        // when they are produced while the service runs
        List<Output> outputs;
        try (ApplicationContext service = startService(topics, TranslationService.DEFAULT_MODEL, Map.of());
             SentenceProducer producer = new SentenceProducer(broker.bootstrapServers(), registryClient,
                     topics.input());
             CommittedRecordReader reader = new CommittedRecordReader(broker.bootstrapServers(), topics.output())) {
            sent.values().forEach(producer::send);
            producer.flush();
            reader.awaitRecords("a translation of each of the " + sent.size() + " sentences", TRANSLATION_TIMEOUT,
                    records -> idsOf(decode(records)).containsAll(sent.keySet()));
            outputs = decode(reader.readToCommittedEnd(READ_TIMEOUT));
        }
        Instant readTime = Instant.now();

        // then each sentence has exactly one translation, keyed by its id and stamped with the model version
        assertExactlyOneTranslationEach(sent.keySet(), outputs);
        String modelVersion = TranslationService.modelVersion(TranslationService.DEFAULT_MODEL);
        for (Output output : outputs) {
            JapaneseTranslation translation = output.translation();
            EnglishSentence sentence = sent.get(translation.getId());
            assertArrayEquals(SentenceProducer.keyOf(translation.getId()), output.key(), "key of " + sentence);
            assertEquals(sentence.getText(), translation.getEnglish());
            assertEquals("e2e-test", translation.getSource());
            assertEquals(modelVersion, translation.getModelVersion());
            assertTrue(translation.getBatchSize() >= 1, "batchSize of " + translation);
            assertFalse(translation.getJapanese().isBlank(), "translation of " + sentence.getText());
            assertTimesInOrder(sentence, translation, readTime);
        }

        // and the four seed sentences read as four different Japanese sentences, not as unknown-word filler
        Map<String, JapaneseTranslation> byId = outputs.stream()
                .collect(Collectors.toMap(output -> output.translation().getId(), Output::translation));
        Set<String> seedJapanese = new HashSet<>();
        for (int i = 0; i < SEED_SENTENCES.size(); i++) {
            String japanese = byId.get("seed-" + i).getJapanese();
            String context = "translation of \"" + SEED_SENTENCES.get(i) + "\": " + japanese;
            assertTrue(containsJapanese(japanese), context);
            assertTrue(2 * unknownMarkerCharacters(japanese) < codePointCount(japanese), context);
            assertTrue(2 * mostFrequentCharacterCount(japanese) < codePointCount(japanese), context);
            seedJapanese.add(japanese);
        }
        assertEquals(SEED_SENTENCES.size(), seedJapanese.size(), "distinct seed translations: " + seedJapanese);
    }

    @Test
    void shouldDeadLetterTooManyTokensAndTranslateNeighbours() throws Exception {
        // given the service with the shipped model, and a 60-word sentence between four short ones
        ServiceTopics topics = ServiceTopics.withPrefix("long");
        topics.create(broker.bootstrapServers(), PARTITIONS);
        String longText = String.join(" ", Collections.nCopies(6, "my brother and i walked to the old station today"));
        int maxSourceTokens = TranslationService.maxSourceTokens(TranslationService.DEFAULT_MODEL);
        assertEquals(60, longText.split(" ").length);
        assertTrue(60 > maxSourceTokens, "the model reads up to " + maxSourceTokens + " tokens, so 60 words fit");
        assertTrue(longText.length() < 1000, "the text must pass translator.max-text-length=1000 to reach the model");
        List<EnglishSentence> sentences = List.of(
                SentenceProducer.sentence("before-1", "i am a student."),
                SentenceProducer.sentence("before-2", "it is raining."),
                SentenceProducer.sentence("long", longText),
                SentenceProducer.sentence("after-1", "he likes music."),
                SentenceProducer.sentence("after-2", "where is the station?"));

        // when they are produced while the service runs
        Map<String, byte[]> sentValues = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        List<Output> outputs;
        try (ApplicationContext service = startService(topics, TranslationService.DEFAULT_MODEL, Map.of());
             SentenceProducer producer = new SentenceProducer(broker.bootstrapServers(), registryClient,
                     topics.input());
             CommittedRecordReader translations = new CommittedRecordReader(broker.bootstrapServers(),
                     topics.output());
             CommittedRecordReader deadLetterReader = new CommittedRecordReader(broker.bootstrapServers(),
                     topics.deadLetter())) {
            for (EnglishSentence sentence : sentences) {
                sentValues.put(sentence.getId(), producer.send(sentence));
            }
            producer.flush();
            deadLetters = deadLetterReader.awaitRecords("the dead letter of the long sentence", TRANSLATION_TIMEOUT,
                    records -> !records.isEmpty());
            translations.awaitRecords("the translations of the four short sentences", TRANSLATION_TIMEOUT,
                    records -> idsOf(decode(records)).size() >= 4);
            outputs = decode(translations.readToCommittedEnd(READ_TIMEOUT));
            deadLetters = deadLetterReader.readToCommittedEnd(READ_TIMEOUT);
        }

        // then the long sentence is a dead letter with its original bytes, and only its neighbours are translated
        assertEquals(1, deadLetters.size(), "dead letters");
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
        assertEquals("too-many-tokens", header(deadLetter, DeadLetterHeaders.REASON));
        assertEquals(topics.input(), header(deadLetter, DeadLetterHeaders.TOPIC));
        assertArrayEquals(SentenceProducer.keyOf("long"), deadLetter.key());
        assertArrayEquals(sentValues.get("long"), deadLetter.value());
        assertExactlyOneTranslationEach(Set.of("before-1", "before-2", "after-1", "after-2"), outputs);
        for (Output output : outputs) {
            assertTrue(containsJapanese(output.translation().getJapanese()), "translation " + output.translation());
        }
    }

    @Test
    void shouldTranslateEverySentenceOnceAcrossRestarts() throws Exception {
        // given the tiny model and batches of 32, with a 10 min wait while stopping so that sentences stay buffered
        // and a 2 s wait after restarting so that restored sentences are translated soon
        ServiceTopics topics = ServiceTopics.withPrefix("restart");
        topics.create(broker.bootstrapServers(), PARTITIONS);
        String applicationId = "e2e-restart-" + UUID.randomUUID();
        Map<String, Object> holdBatches = restartSettings(Duration.ofMinutes(10));
        Map<String, Object> flushSoon = restartSettings(Duration.ofSeconds(2));
        Path firstStateDir = testDir.resolve("state-first");
        Path secondStateDir = testDir.resolve("state-second");
        List<String> ids = new ArrayList<>();

        try (SentenceProducer producer = new SentenceProducer(broker.bootstrapServers(), registryClient,
                topics.input());
             CommittedRecordReader reader = new CommittedRecordReader(broker.bootstrapServers(), topics.output())) {

            // when an instance is stopped after its first batches, with the rest of the sentences in its buffer
            int bufferedAtFirstStop;
            try (ApplicationContext first = startService(topics, TranslationService.TINY_MODEL, applicationId,
                    firstStateDir, holdBatches)) {
                produceNumbered(producer, ids, 120);
                reader.awaitRecords("the first batch", TRANSLATION_TIMEOUT, records -> records.size() >= 32);
                bufferedAtFirstStop = awaitAllReadByService(reader, applicationId, ids.size());
            }

            // and an instance with an empty state directory restores that buffer from the changelog, and gets no
            // new sentences that could trigger a flush
            try (ApplicationContext second = startService(topics, TranslationService.TINY_MODEL, applicationId,
                    secondStateDir, flushSoon)) {
                reader.pollUntil(TRANSLATION_TIMEOUT, records -> idsOf(decode(records)).containsAll(ids));
            }
            Set<String> translatedAfterFirstRestart = idsOf(decode(reader.readToCommittedEnd(READ_TIMEOUT)));

            // and sentences arrive while no instance runs, and an instance is stopped again with some buffered
            produceNumbered(producer, ids, 40);
            int bufferedAtSecondStop;
            try (ApplicationContext third = startService(topics, TranslationService.TINY_MODEL, applicationId,
                    secondStateDir, holdBatches)) {
                produceNumbered(producer, ids, 80);
                bufferedAtSecondStop = awaitAllReadByService(reader, applicationId, ids.size());
            }

            // and an instance that reuses that state directory restores the buffer from its local store, gets more
            // sentences and runs until every sentence is out
            List<Output> outputs;
            try (ApplicationContext fourth = startService(topics, TranslationService.TINY_MODEL, applicationId,
                    secondStateDir, flushSoon)) {
                produceNumbered(producer, ids, 60);
                reader.pollUntil(TRANSLATION_TIMEOUT, records -> idsOf(decode(records)).containsAll(ids));
                outputs = decode(reader.readToCommittedEnd(READ_TIMEOUT));
            }

            // then both stops left sentences in the buffer, the restored ones were translated without new input, and
            // every sentence has exactly one translation and no dead letter
            assertTrue(bufferedAtFirstStop > 0, "sentences buffered at the first stop: " + bufferedAtFirstStop);
            assertTrue(bufferedAtSecondStop > 0, "sentences buffered at the second stop: " + bufferedAtSecondStop);
            Set<String> missingAfterFirstRestart = new HashSet<>(ids.subList(0, 120));
            missingAfterFirstRestart.removeAll(translatedAfterFirstRestart);
            assertEquals(Set.of(), missingAfterFirstRestart, "restored sentences not translated by the second"
                    + " instance within " + TRANSLATION_TIMEOUT.toSeconds() + " s");
            assertEquals(List.of(), readDeadLetters(topics), "dead letters, with reason and detail");
            assertExactlyOneTranslationEach(new HashSet<>(ids), outputs);
            for (Output output : outputs) {
                assertArrayEquals(SentenceProducer.keyOf(output.translation().getId()), output.key());
            }
        }
    }

    @Test
    void shouldNotDeadLetterSentencesWhenStopping() throws Exception {
        // given the service with the tiny model calling the model once per sentence, busy with a backlog
        ServiceTopics topics = ServiceTopics.withPrefix("shutdown");
        topics.create(broker.bootstrapServers(), PARTITIONS);
        List<String> ids = new ArrayList<>();
        int translatedBeforeStop;
        try (SentenceProducer producer = new SentenceProducer(broker.bootstrapServers(), registryClient,
                topics.input());
             CommittedRecordReader reader = new CommittedRecordReader(broker.bootstrapServers(), topics.output())) {
            ApplicationContext service = startService(topics, TranslationService.TINY_MODEL,
                    Map.of("translator.batch-size", 1));
            produceNumbered(producer, ids, 3000);
            reader.awaitRecords("the first translations", TRANSLATION_TIMEOUT, records -> records.size() >= 50);

            // when the service stops in the middle of the backlog
            service.close();
            translatedBeforeStop = reader.readToCommittedEnd(READ_TIMEOUT).size();
        }

        // then the stop came before the end of the backlog, and no sentence became a dead letter because of it
        assertTrue(translatedBeforeStop < ids.size(), "translations before the stop: " + translatedBeforeStop);
        assertEquals(List.of(), readDeadLetters(topics), "dead letters, with reason and detail");
    }

    private static Map<String, Object> restartSettings(Duration maxWait) {
        // Kafka Streams does not leave the consumer group on close, so each restart waits until the broker drops the
        // stopped member after session.timeout.ms: 45 s by default, 6 s (the broker's minimum) here.
        return Map.of("translator.batch-size", 32,
                "translator.max-wait", maxWait.toMillis() + "ms",
                "kafka.streams.default.session.timeout.ms", 6000);
    }

    /**
     * Waits until the service has read every sentence, that is until the committed translations and the sentences
     * in the buffer store's changelog add up to {@code sentCount}, and returns the number buffered.
     */
    private static int awaitAllReadByService(CommittedRecordReader translations, String applicationId,
                                             int sentCount) throws InterruptedException {
        long deadline = System.nanoTime() + TRANSLATION_TIMEOUT.toNanos();
        while (true) {
            int translated = translations.readToCommittedEnd(READ_TIMEOUT).size();
            int buffered = countBufferedSentences(applicationId);
            if (translated + buffered == sentCount) {
                return buffered;
            }
            assertTrue(System.nanoTime() < deadline, "translated " + translated + " and buffered " + buffered
                    + " of " + sentCount + " sentences after " + TRANSLATION_TIMEOUT.toSeconds() + " s");
            Thread.sleep(300);
        }
    }

    private ApplicationContext startService(ServiceTopics topics, Path modelPath, Map<String, Object> extra) {
        return startService(topics, modelPath, "e2e-" + UUID.randomUUID(), testDir.resolve("state"), extra);
    }

    private ApplicationContext startService(ServiceTopics topics, Path modelPath, String applicationId, Path stateDir,
                                            Map<String, Object> extra) {
        return TranslationService.start(broker.bootstrapServers(), registry.url(), topics, applicationId, stateDir,
                modelPath, extra);
    }

    private static void produceNumbered(SentenceProducer producer, List<String> ids, int count) {
        for (int i = 0; i < count; i++) {
            String id = String.format("sentence-%03d", ids.size());
            producer.send(SentenceProducer.sentence(id, "this is sentence number " + ids.size() + " ."));
            ids.add(id);
        }
        producer.flush();
    }

    /**
     * Counts the sentences in the batching store by replaying its changelog topic: a key whose last committed
     * record has a value is still buffered, one whose last record is a tombstone was flushed.
     */
    private static int countBufferedSentences(String applicationId) {
        String changelog = applicationId + "-" + TranslationTopology.BUFFER_STORE + "-changelog";
        Map<ByteBuffer, Boolean> buffered = new HashMap<>();
        try (CommittedRecordReader reader = new CommittedRecordReader(broker.bootstrapServers(), changelog)) {
            for (ConsumerRecord<byte[], byte[]> record : reader.readToCommittedEnd(READ_TIMEOUT)) {
                buffered.put(ByteBuffer.wrap(record.key()), record.value() != null);
            }
        }
        return (int) buffered.values().stream().filter(Boolean::booleanValue).count();
    }

    private static List<String> readDeadLetters(ServiceTopics topics) {
        try (CommittedRecordReader reader = new CommittedRecordReader(broker.bootstrapServers(),
                topics.deadLetter())) {
            return reader.readToCommittedEnd(READ_TIMEOUT).stream()
                    .map(record -> header(record, DeadLetterHeaders.REASON) + ": "
                            + header(record, DeadLetterHeaders.DETAIL))
                    .toList();
        }
    }

    private static List<String> firstDevSentences(int count) throws Exception {
        Path devFile = SharedData.tatoeba().resolve("dev.tsv");
        List<String> english = Files.readAllLines(devFile, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .limit(count)
                .map(line -> line.split("\t", 2)[0])
                .toList();
        assertEquals(count, english.size(), "English sentences in " + devFile);
        return english;
    }

    /** A record of the output topic: its key bytes and decoded value. */
    private record Output(byte[] key, JapaneseTranslation translation) {
    }

    private static List<Output> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Output> outputs = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            outputs.add(new Output(record.key(), translationDeserializer.deserialize(record.topic(), record.value())));
        }
        return outputs;
    }

    private static Set<String> idsOf(List<Output> outputs) {
        return outputs.stream().map(output -> output.translation().getId()).collect(Collectors.toSet());
    }

    private static void assertExactlyOneTranslationEach(Set<String> expectedIds, List<Output> outputs) {
        Map<String, Long> countById = outputs.stream()
                .collect(Collectors.groupingBy(output -> output.translation().getId(), Collectors.counting()));
        Map<String, Long> duplicated = countById.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<String> missing = new HashSet<>(expectedIds);
        missing.removeAll(countById.keySet());
        Set<String> unexpected = new HashSet<>(countById.keySet());
        unexpected.removeAll(expectedIds);

        assertEquals(Map.of(), duplicated, "ids translated more than once, with their counts");
        assertEquals(Set.of(), missing, "ids without a translation");
        assertEquals(Set.of(), unexpected, "translations of ids that were never sent");
        assertEquals(expectedIds.size(), outputs.size(), "translations on the output topic");
    }

    private static void assertTimesInOrder(EnglishSentence sentence, JapaneseTranslation translation,
                                           Instant readTime) {
        String context = " of " + sentence.getId() + ": " + translation;
        assertEquals(sentence.getEventTime(), translation.getEventTime(), "eventTime" + context);
        assertNotNull(translation.getReceivedTime(), "receivedTime" + context);
        assertNotNull(translation.getTranslatedTime(), "translatedTime" + context);
        assertFalse(translation.getReceivedTime().isBefore(translation.getEventTime()),
                "receivedTime before eventTime" + context);
        assertFalse(translation.getTranslatedTime().isBefore(translation.getReceivedTime()),
                "translatedTime before receivedTime" + context);
        assertFalse(translation.getTranslatedTime().isAfter(readTime), "translatedTime after it was read" + context);
    }

    private static boolean containsJapanese(String text) {
        return text.codePoints().mapToObj(Character.UnicodeScript::of).anyMatch(script ->
                script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                        || script == Character.UnicodeScript.HAN);
    }

    /** Returns how many characters of the text belong to {@code <unk>} markers. */
    private static int unknownMarkerCharacters(String text) {
        String marker = "<unk>";
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) {
            count += marker.length();
        }
        return count;
    }

    private static long mostFrequentCharacterCount(String text) {
        return text.codePoints().boxed()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static int codePointCount(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
