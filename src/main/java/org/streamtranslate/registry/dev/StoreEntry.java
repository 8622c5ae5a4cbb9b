package org.streamtranslate.registry.dev;

import org.streamtranslate.registry.CompatibilityLevel;

/** One change to the dev registry's state, as written to and replayed from a {@link SchemaStore}. */
sealed interface StoreEntry {

    /**
     * A version of a subject, live or soft-deleted.
     *
     * @param schema the schema in Avro's canonical JSON rendering ({@code Schema.toString()})
     */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements StoreEntry {

        SchemaVersion softDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** A permanently deleted version, which the Kafka store writes as a tombstone. */
    record VersionRemoval(String subject, int version) implements StoreEntry {
    }

    /**
     * The compatibility level of one subject, or of the whole registry when the subject is {@code null}.
     *
     * @param level the level, or {@code null} when the subject's own setting was removed
     */
    record CompatibilityConfig(String subject, CompatibilityLevel level) implements StoreEntry {
    }
}
