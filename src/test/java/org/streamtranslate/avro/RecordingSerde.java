package org.streamtranslate.avro;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** Serde that records how it was configured, standing in for Confluent's serde classes in tests. */
public class RecordingSerde extends Serdes.WrapperSerde<Object> {

    private Map<String, ?> configs;
    private boolean isKey;

    public RecordingSerde() {
        super(new ConfluentAvroSerializer<>(), new ConfluentAvroDeserializer<>());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.configs = configs;
        this.isKey = isKey;
    }

    public Map<String, ?> configs() {
        return configs;
    }

    public boolean isKey() {
        return isKey;
    }
}
