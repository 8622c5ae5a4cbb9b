package org.streamtranslate.streams;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.streamtranslate.avro.PendingSentence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Serde of the batching state store's values: plain Avro binary of {@link PendingSentence}, without a schema
 * registry, because only this application reads its own store and changelog.
 *
 * <p>Limitation: the writer schema is not stored with the bytes, so a changed {@code PendingSentence} schema cannot
 * read entries written by the previous version. Before deploying such a change, stop the application once the
 * store is empty (every sentence flushed), or store a schema fingerprint with each value and keep the old schemas.
 */
final class PendingSentenceSerde implements Serde<PendingSentence> {

    private final SpecificDatumWriter<PendingSentence> writer = new SpecificDatumWriter<>(PendingSentence.class);
    private final SpecificDatumReader<PendingSentence> reader = new SpecificDatumReader<>(PendingSentence.class);

    @Override
    public Serializer<PendingSentence> serializer() {
        return (topic, sentence) -> sentence == null ? null : encode(sentence);
    }

    @Override
    public Deserializer<PendingSentence> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    private byte[] encode(PendingSentence sentence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(sentence, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new SerializationException("Could not encode a PendingSentence for the batching store", e);
        }
        return out.toByteArray();
    }

    private PendingSentence decode(String topic, byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not decode a PendingSentence from " + topic + " ("
                    + bytes.length + " bytes); was the store written with a different PendingSentence schema?", e);
        }
    }
}
