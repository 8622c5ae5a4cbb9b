package org.streamtranslate.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.streamtranslate.registry.SchemaRegistryClient;
import org.streamtranslate.registry.SchemaRegistryException;

/**
 * Kafka serializer that writes Avro records in the Confluent wire format: magic byte 0, the schema id as a 4-byte
 * big-endian int, then the Avro binary encoding. Accepts generated classes, {@code GenericRecord} and the Avro
 * primitives ({@code String}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code Boolean},
 * {@code byte[]}, {@code ByteBuffer}).
 *
 * <p>The schema id comes from the subject {@code <topic>-value}, or {@code <topic>-key} for keys. With
 * auto-registration on (the default) a new schema is registered; with it off the schema must already be registered.
 * Create it with a {@link SchemaRegistryClient}, or with the no-argument constructor and let Kafka call
 * {@link #configure(Map, boolean)} with the keys in {@link ConfluentSerdeConfig}.
 */
public class ConfluentAvroSerializer<T> implements Serializer<T> {

    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean isKey;
    private boolean autoRegister = true;

    /** Creates a serializer that Kafka configures through {@link #configure(Map, boolean)}. */
    public ConfluentAvroSerializer() {
    }

    /**
     * Creates a ready-to-use serializer.
     *
     * @param client the registry that assigns schema ids
     * @param isKey whether this serializer writes record keys, which selects the {@code -key} subject
     * @param autoRegister whether to register schemas that the subject does not contain yet
     */
    public ConfluentAvroSerializer(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        this.client = client;
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    /**
     * Reads {@code auto.register.schemas} and, unless a client was passed to the constructor,
     * {@code schema.registry.url} with its authentication and timeout keys.
     *
     * @throws IllegalArgumentException when the registry url is missing or a value is invalid
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.autoRegister = ConfluentSerdeConfig.booleanValue(configs, ConfluentSerdeConfig.AUTO_REGISTER_SCHEMAS,
                autoRegister);
        if (client == null) {
            client = RegistryClientConfig.fromConfigs(configs);
        }
    }

    /**
     * Serializes a record; {@code null} stays {@code null} so that tombstones pass through.
     *
     * @throws SerializationException when the value is not an Avro type, the registry call fails or the record does
     *     not match its own schema
     * @throws IllegalStateException when neither a client nor {@code schema.registry.url} was configured
     */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("ConfluentAvroSerializer has no schema registry client; pass one to the"
                    + " constructor or call configure with " + ConfluentSerdeConfig.SCHEMA_REGISTRY_URL);
        }

        Schema schema = schemaOf(data);
        String subject = ConfluentWireFormat.subject(topic, isKey);
        int id = schemaId(topic, subject, schema);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentWireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writerFor(schema, data).write(avroValue(data), encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not write a " + schema.getFullName() + " record for topic "
                    + topic + " with schema id " + id + ": " + e.getMessage()
                    + ". Check that every required field is set and matches the schema.", e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            return autoRegister ? client.register(subject, schema) : client.lookupId(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Could not " + (autoRegister ? "register" : "look up") + " schema "
                    + schema.getFullName() + " under subject '" + subject + "' for topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private DatumWriter<Object> writerFor(Schema schema, Object data) {
        // Generated classes need the class's own conversions (timestamp-millis as Instant), generic records do not.
        boolean specific = data instanceof SpecificRecord;
        return writers.computeIfAbsent(new WriterKey(schema, specific), key -> specific
                ? new SpecificDatumWriter<>(key.schema())
                : new GenericDatumWriter<>(key.schema()));
    }

    private static Object avroValue(Object data) {
        return data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data;
    }

    private static Schema schemaOf(Object data) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (data instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (data instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (data instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (data instanceof Float) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (data instanceof Double) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (data instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (data instanceof byte[] || data instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        throw new SerializationException("Cannot serialize a " + data.getClass().getName() + " as Avro; expected a"
                + " generated Avro class, a GenericRecord or an Avro primitive such as String or Long.");
    }

    private record WriterKey(Schema schema, boolean specific) {
    }
}
