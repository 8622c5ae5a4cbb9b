package org.streamtranslate.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Schema registry client that keeps everything in memory, for unit tests and {@code TopologyTestDriver} runs
 * where no registry server is running.
 *
 * <p>It follows the registry's rules: ids are registry-wide and start at 1, an identical schema gets the same id
 * in every subject, and registration checks the compatibility level given at construction. Share one instance
 * between the serializer and the deserializer so that ids written by one resolve in the other.
 */
public class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final String URL = "in-memory";

    private final CompatibilityLevel compatibility;
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();

    /** Creates an empty registry with the default compatibility level, BACKWARD. */
    public InMemorySchemaRegistryClient() {
        this(CompatibilityLevel.DEFAULT);
    }

    /** Creates an empty registry that checks every registration with the given compatibility level. */
    public InMemorySchemaRegistryClient(CompatibilityLevel compatibility) {
        this.compatibility = compatibility;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema version : versions) {
            if (version.schema().toString().equals(schema.toString())) {
                return version.id();
            }
        }

        List<String> problems = compatibility.check(schema, versions.stream().map(RegisteredSchema::schema).toList());
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.INCOMPATIBLE_SCHEMA, "Schema "
                    + schema.getFullName() + " is incompatible with subject '" + subject + "' under "
                    + compatibility + " at " + URL + ": " + problems
                    + ". Add defaults to new fields or register under a new subject.");
        }

        int id = idsBySchemaText.computeIfAbsent(schema.toString(), text -> schemasById.size() + 1);
        schemasById.put(id, schema);
        versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        for (RegisteredSchema version : versionsOf(subject)) {
            if (version.schema().toString().equals(schema.toString())) {
                return version.id();
            }
        }
        throw new SchemaRegistryException(SchemaRegistryException.Kind.SCHEMA_NOT_REGISTERED, "Schema "
                + schema.getFullName() + " is not registered under subject '" + subject + "' at " + URL
                + ". Register it first, or enable auto.register.schemas.");
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.UNKNOWN_SCHEMA_ID, "Schema id " + id
                    + " is not registered at " + URL + ". Check that the producer and this consumer use the same"
                    + " registry.");
        }
        return schema;
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
        return compatibility.check(schema, versions.stream().map(RegisteredSchema::schema).toList()).isEmpty();
    }

    @Override
    public synchronized RegisteredSchema latestVersion(String subject) {
        List<RegisteredSchema> versions = versionsOf(subject);
        return versions.get(versions.size() - 1);
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.SUBJECT_NOT_FOUND, "Subject '" + subject
                    + "' not found at " + URL + ". Register a schema under it first.");
        }
        return versions;
    }
}
