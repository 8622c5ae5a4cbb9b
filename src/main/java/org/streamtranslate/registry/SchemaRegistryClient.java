package org.streamtranslate.registry;

import org.apache.avro.Schema;

/**
 * Client for a Confluent-compatible schema registry, as used by the Avro serdes to turn schemas into ids and back.
 *
 * <p>Implementations are thread-safe. Every method throws {@link SchemaRegistryException} when the call fails; its
 * {@link SchemaRegistryException#kind() kind} names the cause.
 */
public interface SchemaRegistryClient {

    /**
     * Registers a schema under a subject, or finds it when an identical schema is already registered there.
     *
     * @return the registry-wide schema id
     * @throws SchemaRegistryException with kind INCOMPATIBLE_SCHEMA when the schema breaks the subject's
     *     compatibility level, INVALID_SCHEMA, or REGISTRY_UNAVAILABLE
     */
    int register(String subject, Schema schema);

    /**
     * Looks up the id of a schema that is already registered under a subject, without registering it.
     *
     * @return the registry-wide schema id
     * @throws SchemaRegistryException with kind SUBJECT_NOT_FOUND, SCHEMA_NOT_REGISTERED or REGISTRY_UNAVAILABLE
     */
    int lookupId(String subject, Schema schema);

    /**
     * Fetches the schema with a registry-wide id, as read from the header of a Confluent wire-format record.
     *
     * @throws SchemaRegistryException with kind UNKNOWN_SCHEMA_ID or REGISTRY_UNAVAILABLE
     */
    Schema schemaById(int id);

    /**
     * Tests whether the schema could be registered under the subject without breaking its compatibility level.
     *
     * @return {@code true} when compatible, including when the subject has no versions yet
     * @throws SchemaRegistryException with kind INVALID_SCHEMA or REGISTRY_UNAVAILABLE
     */
    boolean isCompatible(String subject, Schema schema);

    /**
     * Fetches the newest version registered under a subject.
     *
     * @throws SchemaRegistryException with kind SUBJECT_NOT_FOUND or REGISTRY_UNAVAILABLE
     */
    RegisteredSchema latestVersion(String subject);

    /**
     * Checks that the registry answers, for health reporting. The default does nothing, which suits clients that
     * hold their schemas in memory.
     *
     * @throws SchemaRegistryException when the registry cannot be reached
     */
    default void checkReachable() {
    }
}
