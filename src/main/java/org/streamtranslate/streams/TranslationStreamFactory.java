package org.streamtranslate.streams;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.avro.AvroSerdeFactory;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.config.TranslatorConfiguration;
import org.streamtranslate.inference.Translator;

/**
 * Adds the translation topology to the Kafka Streams application that micronaut-kafka-streams configures under
 * {@code kafka.streams.default}, and starts with the application.
 */
@Factory
public class TranslationStreamFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TranslationStreamFactory.class);

    /**
     * Builds the topology with the Avro serdes that {@code schema-registry.*} configures. Only the input serde's
     * deserializer and the output serde's serializer are used, so whether schemas are registered automatically
     * ({@code schema-registry.auto-register}) only matters for the {@code JapaneseTranslation} schema.
     */
    @Singleton
    @Named("translation")
    KStream<byte[], byte[]> translationStream(@Named("default") ConfiguredStreamBuilder builder,
                                              TranslatorConfiguration configuration,
                                              AvroSerdeFactory serdeFactory, Translator translator,
                                              TranslationMetrics metrics) {
        Serde<EnglishSentence> englishSerde = serdeFactory.specific(EnglishSentence.class, false);
        Serde<JapaneseTranslation> japaneseSerde = serdeFactory.specific(JapaneseTranslation.class, false);

        KStream<byte[], byte[]> stream = TranslationTopology.build(builder, configuration, englishSerde,
                japaneseSerde, translator, metrics);
        LOG.info("Translation topology built: input={} output={} deadLetter={} batchSize={} maxWaitMs={}"
                        + " maxTextLength={} modelVersion={}", configuration.getTopics().getInput(),
                configuration.getTopics().getOutput(), configuration.getTopics().getDeadLetter(),
                configuration.getBatchSize(), configuration.getMaxWait().toMillis(),
                configuration.getMaxTextLength(), translator.modelVersion());
        return stream;
    }
}
