package org.streamtranslate.registry.dev;

import java.util.ArrayList;
import java.util.List;

/** Schema store that keeps entries in a list, for unit tests; its state is lost when the process exits. */
final class InMemorySchemaStore implements SchemaStore {

    private final List<StoreEntry> entries = new ArrayList<>();

    @Override
    public synchronized List<StoreEntry> readAll() {
        return List.copyOf(entries);
    }

    @Override
    public synchronized void write(StoreEntry entry) {
        entries.add(entry);
    }

    @Override
    public String description() {
        return "memory";
    }

    @Override
    public void close() {
        // Nothing to release, and the entries stay readable so that a test can restart a registry on this store.
    }
}
