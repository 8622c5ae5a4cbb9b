package org.streamtranslate.registry.dev;

import java.util.List;

/**
 * Durable log of the dev registry's state changes. The registry replays {@link #readAll()} once at start and then
 * writes each change before applying it in memory, so a restarted registry finds the same subjects and ids.
 */
interface SchemaStore extends AutoCloseable {

    /** Reads every stored entry in write order; for a compacted log, only the last entry per key remains. */
    List<StoreEntry> readAll();

    /**
     * Writes one entry durably before returning.
     *
     * @throws IllegalStateException when the write fails, so that the change must not be applied
     */
    void write(StoreEntry entry);

    /** Describes where the entries live, for the start-up log line. */
    String description();

    @Override
    void close();
}
