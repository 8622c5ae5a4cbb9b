package org.streamtranslate.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.avro.PendingSentence;
import org.streamtranslate.config.TranslatorConfiguration;
import org.streamtranslate.inference.Translator;

import java.util.Map;

/**
 * Builds the translation topology on a {@link StreamsBuilder}: read raw bytes from the input topic, validate, batch,
 * translate, and write {@link JapaneseTranslation}s to the output topic and rejected records to the dead-letter
 * topic. Tests build it on a plain {@code StreamsBuilder}; the application builds it through
 * {@link TranslationStreamFactory}.
 *
 * <p>Keys and values are read as bytes so that a record that cannot be decoded reaches the validation step, which
 * dead-letters it, instead of failing in the source node and stopping the stream thread.
 */
public final class TranslationTopology {

    /** Name of the persistent, changelogged state store that buffers sentences until their batch is translated. */
    public static final String BUFFER_STORE = "translation-buffer";

    static final String DEAD_LETTER_BRANCH = "dead-letter";
    static final String ACCEPTED_BRANCH = "accepted";
    static final String TRANSLATED_BRANCH = "translated";

    private TranslationTopology() {
    }

    /**
     * Adds the translation topology to the builder.
     *
     * @param englishSerde serde of the input values; only its deserializer is used
     * @param japaneseSerde serde of the output values; only its serializer is used
     * @return the source stream of raw input records
     */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, TranslatorConfiguration configuration,
                                                Serde<EnglishSentence> englishSerde,
                                                Serde<JapaneseTranslation> japaneseSerde, Translator translator,
                                                TranslationMetrics metrics) {
        TranslatorConfiguration.Topics topics = configuration.getTopics();
        requireDistinctTopics(topics);
        builder.addStateStore(bufferStore());

        KStream<byte[], byte[]> input = builder.stream(topics.getInput(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-english"));

        Map<String, KStream<byte[], RoutedValue>> validated = input
                .process(() -> new SentenceValidationProcessor(englishSerde.deserializer(),
                        configuration.getMaxTextLength(), configuration.getRegistryRetryTimeout(), metrics),
                        Named.as("validate-sentence"))
                .split(Named.as("validated-"))
                .branch((key, value) -> value instanceof RoutedValue.DeadLetter, Branched.as(DEAD_LETTER_BRANCH))
                .defaultBranch(Branched.as(ACCEPTED_BRANCH));

        BatchTranslator batchTranslator = new BatchTranslator(translator, metrics);
        Map<String, KStream<byte[], RoutedValue>> translated = validated.get("validated-" + ACCEPTED_BRANCH)
                .mapValues(value -> ((RoutedValue.AcceptedSentence) value).sentence(), Named.as("unwrap-accepted"))
                .process(() -> new BatchTranslationProcessor(BUFFER_STORE, configuration.getBatchSize(),
                        configuration.getMaxWait(), batchTranslator, translator.modelVersion(), metrics),
                        Named.as("batch-translate"), BUFFER_STORE)
                .split(Named.as("translated-"))
                .branch((key, value) -> value instanceof RoutedValue.DeadLetter, Branched.as(DEAD_LETTER_BRANCH))
                .defaultBranch(Branched.as(TRANSLATED_BRANCH));

        translated.get("translated-" + TRANSLATED_BRANCH)
                .mapValues(value -> ((RoutedValue.Translated) value).translation(), Named.as("unwrap-translation"))
                .to(topics.getOutput(), Produced.with(Serdes.ByteArray(), japaneseSerde).withName("write-japanese"));

        validated.get("validated-" + DEAD_LETTER_BRANCH)
                .merge(translated.get("translated-" + DEAD_LETTER_BRANCH), Named.as("merge-dead-letters"))
                .mapValues(value -> ((RoutedValue.DeadLetter) value).originalValue(), Named.as("unwrap-dead-letter"))
                .to(topics.getDeadLetter(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("write-dead-letter"));
        return input;
    }

    private static StoreBuilder<KeyValueStore<byte[], PendingSentence>> bufferStore() {
        // Logging is on by default; it is spelled out because restoring unflushed sentences depends on it.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.ByteArray(),
                        new PendingSentenceSerde())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    private static void requireDistinctTopics(TranslatorConfiguration.Topics topics) {
        String input = topics.getInput();
        if (input.equals(topics.getOutput()) || input.equals(topics.getDeadLetter())
                || topics.getOutput().equals(topics.getDeadLetter())) {
            throw new IllegalArgumentException("translator.topics.input, output and dead-letter must be three"
                    + " different topics, but were input=" + input + " output=" + topics.getOutput()
                    + " dead-letter=" + topics.getDeadLetter() + "; change one of them in application.yml");
        }
    }
}
