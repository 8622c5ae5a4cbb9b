package org.streamtranslate.avro;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.streamtranslate.registry.SchemaRegistryClient;

/**
 * Factory methods for Kafka Streams serdes of Confluent wire-format Avro, built from this project's serializer and
 * deserializer, or from Confluent's own serde classes when those jars are on the classpath.
 */
public final class ConfluentAvroSerdes {

    private ConfluentAvroSerdes() {
    }

    /**
     * Creates a serde for a generated Avro class.
     *
     * @param type the generated class; also the reader schema when decoding
     * @param client the registry that assigns and resolves schema ids; share it between serdes to share its cache
     * @param isKey whether the serde handles record keys, which selects the {@code <topic>-key} subject
     * @param autoRegister whether the serializer registers schemas that the subject does not contain yet
     */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient client,
            boolean isKey, boolean autoRegister) {
        return Serdes.serdeFrom(new ConfluentAvroSerializer<>(client, isKey, autoRegister),
                new ConfluentAvroDeserializer<>(client, type));
    }

    /**
     * Creates a serde for {@link GenericRecord}; decoded records carry the writer schema.
     *
     * @param client the registry that assigns and resolves schema ids
     * @param isKey whether the serde handles record keys, which selects the {@code <topic>-key} subject
     * @param autoRegister whether the serializer registers schemas that the subject does not contain yet
     */
    public static Serde<GenericRecord> generic(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        return Serdes.serdeFrom(new ConfluentAvroSerializer<>(client, isKey, autoRegister),
                new ConfluentAvroDeserializer<>(client, GenericRecord.class));
    }

    /**
     * Instantiates a serde class by name, for example Confluent's
     * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}, and configures it. The class needs a public
     * no-argument constructor, as Kafka requires of every configurable serde.
     *
     * @param serdeClassName fully qualified name of a class that implements {@link Serde}
     * @param configs the serde properties, for example {@code schema.registry.url}
     * @param isKey whether the serde handles record keys
     * @throws IllegalArgumentException when the class is missing, is not a serde or cannot be instantiated
     */
    @SuppressWarnings("unchecked")
    public static <T> Serde<T> byClassName(String serdeClassName, Map<String, ?> configs, boolean isKey) {
        Class<?> type;
        try {
            type = Class.forName(serdeClassName, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Serde class " + serdeClassName + " not found on the classpath. Add"
                    + " the jar that contains it (for Confluent's serdes, io.confluent:kafka-streams-avro-serde), or"
                    + " remove schema-registry.serde-class to use the built-in Avro serde.", e);
        }
        if (!Serde.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("Class " + serdeClassName + " does not implement "
                    + Serde.class.getName() + "; set schema-registry.serde-class to a Kafka serde class.");
        }

        Serde<T> serde;
        try {
            serde = (Serde<T>) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("Could not instantiate serde class " + serdeClassName
                    + "; it needs a public no-argument constructor: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Constructor of serde class " + serdeClassName + " failed: "
                    + e.getCause(), e.getCause());
        }
        serde.configure(configs, isKey);
        return serde;
    }
}
