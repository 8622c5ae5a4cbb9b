package org.streamtranslate.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.config.TranslatorConfiguration;
import org.streamtranslate.inference.DeterministicTestTranslator;
import org.streamtranslate.registry.SwitchableSchemaRegistryClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Test harness around a {@link TopologyTestDriver} running {@link TranslationTopology} with a
 * {@link DeterministicTestTranslator}, an in-memory schema registry and a {@link SimpleMeterRegistry}.
 */
final class TopologyTestSupport implements AutoCloseable {

    static final String INPUT = "english-in";
    static final String OUTPUT = "japanese-out";
    static final String DEAD_LETTER = "english-in-dlq";
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant EVENT_TIME = START.minusSeconds(1);

    final SwitchableSchemaRegistryClient registry = new SwitchableSchemaRegistryClient();
    final DeterministicTestTranslator translator = new DeterministicTestTranslator();
    final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
    final TranslatorConfiguration configuration;
    private final Path stateDir;
    private final Serde<EnglishSentence> producerSerde =
            ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, true);

    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<byte[], JapaneseTranslation> output;
    TestOutputTopic<byte[], byte[]> deadLetters;

    TopologyTestSupport(Path stateDir, TranslatorConfiguration configuration) {
        this.stateDir = stateDir;
        this.configuration = configuration;
    }

    TopologyTestSupport(Path stateDir) {
        this(stateDir, new TranslatorConfiguration());
    }

    /** Starts a driver whose wall clock begins at {@code wallClockStart}; the state directory is reused. */
    TopologyTestSupport start(Instant wallClockStart) {
        StreamsBuilder builder = new StreamsBuilder();
        TranslationTopology.build(builder, configuration,
                ConfluentAvroSerdes.specific(EnglishSentence.class, registry, false, false),
                ConfluentAvroSerdes.specific(JapaneseTranslation.class, registry, false, true),
                translator, new TranslationMetrics(meterRegistry));

        driver = new TopologyTestDriver(builder.build(), streamsProperties(), wallClockStart);
        input = driver.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(OUTPUT, new ByteArrayDeserializer(),
                ConfluentAvroSerdes.specific(JapaneseTranslation.class, registry, false, false).deserializer());
        deadLetters = driver.createOutputTopic(DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return this;
    }

    TopologyTestSupport start() {
        return start(START);
    }

    private Properties streamsProperties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "translation-topology-test");
        // The test driver never connects; the address only has to be well-formed.
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return properties;
    }

    static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    EnglishSentence sentence(String id, String text) {
        return EnglishSentence.newBuilder()
                .setId(id)
                .setText(text)
                .setSource("web-chat")
                .setTenant("tenant-a")
                .setEventTime(EVENT_TIME)
                .build();
    }

    byte[] encode(EnglishSentence sentence) {
        return producerSerde.serializer().serialize(INPUT, sentence);
    }

    /** Pipes an encoded sentence with key {@code id} and record timestamp {@link #START}; returns the value bytes. */
    byte[] send(String id, String text) {
        byte[] value = encode(sentence(id, text));
        input.pipeInput(new TestRecord<>(key(id), value, START));
        return value;
    }

    void sendRaw(byte[] key, byte[] value) {
        input.pipeInput(new TestRecord<>(key, value, START));
    }

    /** Advances the driver's wall clock, which runs the batching punctuator when it is due. */
    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /** Advances the wall clock past {@code max-wait} plus one punctuation interval, so a partial batch flushes. */
    void waitPastMaxWait() {
        Duration maxWait = configuration.getMaxWait();
        advanceWallClock(maxWait.plus(BatchTranslationProcessor.punctuationInterval(maxWait)));
    }

    static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    double counter(String name, String... tags) {
        var counter = meterRegistry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }
}
