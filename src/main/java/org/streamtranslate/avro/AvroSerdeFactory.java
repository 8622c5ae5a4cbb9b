package org.streamtranslate.avro;

import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.registry.SchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryConfiguration;

/**
 * Creates the Avro serdes of the topology from {@code schema-registry.*} settings: the built-in Confluent
 * wire-format serde, or the class named by {@code schema-registry.serde-class} (such as Confluent's
 * {@code SpecificAvroSerde}) when one is set.
 */
@Singleton
public class AvroSerdeFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AvroSerdeFactory.class);

    private final SchemaRegistryClient client;
    private final SchemaRegistryConfiguration configuration;

    public AvroSerdeFactory(SchemaRegistryClient client, SchemaRegistryConfiguration configuration) {
        this.client = client;
        this.configuration = configuration;
    }

    /**
     * Creates a serde for a generated Avro class.
     *
     * @param isKey whether the serde handles record keys, which selects the {@code <topic>-key} subject
     * @throws IllegalArgumentException when {@code schema-registry.serde-class} names a missing or unusable class
     */
    public <T extends SpecificRecord> Serde<T> specific(Class<T> type, boolean isKey) {
        if (hasSerdeClass()) {
            return ConfluentAvroSerdes.byClassName(configuration.getSerdeClass(), configuration.toSerdeProperties(),
                    isKey);
        }
        return ConfluentAvroSerdes.specific(type, client, isKey, configuration.isAutoRegister());
    }

    /**
     * Creates a serde for {@link GenericRecord}. When {@code schema-registry.serde-class} is set, that class is used
     * here too, so it must handle generic records (Confluent's {@code GenericAvroSerde} does, {@code SpecificAvroSerde}
     * does not).
     *
     * @param isKey whether the serde handles record keys, which selects the {@code <topic>-key} subject
     * @throws IllegalArgumentException when {@code schema-registry.serde-class} names a missing or unusable class
     */
    public Serde<GenericRecord> generic(boolean isKey) {
        if (hasSerdeClass()) {
            return ConfluentAvroSerdes.byClassName(configuration.getSerdeClass(), configuration.toSerdeProperties(),
                    isKey);
        }
        return ConfluentAvroSerdes.generic(client, isKey, configuration.isAutoRegister());
    }

    private boolean hasSerdeClass() {
        boolean configured = configuration.getSerdeClass() != null && !configuration.getSerdeClass().isBlank();
        if (configured) {
            LOG.debug("Using configured serde class serdeClass={}", configuration.getSerdeClass());
        }
        return configured;
    }
}
