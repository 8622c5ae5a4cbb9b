package org.streamtranslate.registry;

import org.apache.avro.Schema;

/**
 * One version of a subject as stored in a schema registry.
 *
 * @param subject the subject name, for example {@code english-in-value}
 * @param version the version number within the subject, starting at 1
 * @param id the registry-wide schema id that the Confluent wire format writes after the magic byte
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
