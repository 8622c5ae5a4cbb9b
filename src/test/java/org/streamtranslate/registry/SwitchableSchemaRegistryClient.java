package org.streamtranslate.registry;

import org.apache.avro.Schema;

/**
 * Test-only {@link SchemaRegistryClient} that delegates to an {@link InMemorySchemaRegistryClient} until
 * {@link #goOffline()} is called; from then on every call fails as if the registry could not be reached.
 */
public class SwitchableSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate = new InMemorySchemaRegistryClient();
    private volatile boolean offline;

    /** Makes every later call throw a {@link SchemaRegistryException} of kind {@code REGISTRY_UNAVAILABLE}. */
    public void goOffline() {
        offline = true;
    }

    /** Makes calls reach the in-memory registry again. */
    public void goOnline() {
        offline = false;
    }

    @Override
    public int register(String subject, Schema schema) {
        requireOnline();
        return delegate.register(subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        requireOnline();
        return delegate.lookupId(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        requireOnline();
        return delegate.schemaById(id);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        requireOnline();
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        requireOnline();
        return delegate.latestVersion(subject);
    }

    private void requireOnline() {
        if (offline) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.REGISTRY_UNAVAILABLE,
                    "Test registry is offline");
        }
    }
}
