package org.streamtranslate.registry.dev;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.streamtranslate.registry.CompatibilityLevel;

/**
 * Subjects, versions, ids and compatibility levels of the dev registry, following Confluent Schema Registry's rules.
 * Ids are registry-wide, and an identical schema keeps its id in every subject and after deletion. Versions count up
 * per subject, and registration checks the subject's compatibility level.
 *
 * <p>Every change is written to the {@link SchemaStore} before it is applied in memory. Methods are synchronized
 * because the HTTP server calls them from several threads.
 */
final class RegistryState {

    private final SchemaStore store;
    private final Map<String, TreeMap<Integer, StoreEntry.SchemaVersion>> versionsBySubject = new HashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;

    RegistryState(SchemaStore store) {
        this.store = store;
    }

    /** Applies every stored entry, in order; returns the number of entries read. */
    synchronized int replay() {
        List<StoreEntry> entries = store.readAll();
        entries.forEach(this::apply);
        return entries.size();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        return versionsBySubject.entrySet().stream()
                .filter(entry -> entry.getValue().values().stream().anyMatch(v -> includeDeleted || !v.deleted()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    synchronized List<Integer> versions(String subject) {
        return liveVersions(subject).stream().map(StoreEntry.SchemaVersion::version).toList();
    }

    /**
     * Finds one live version.
     *
     * @param versionSpec a version number, {@code latest} or {@code -1}
     */
    synchronized StoreEntry.SchemaVersion version(String subject, String versionSpec) {
        List<StoreEntry.SchemaVersion> live = liveVersions(subject);
        int version = parseVersion(versionSpec);
        if (version == -1) {
            return live.get(live.size() - 1);
        }
        return live.stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, version));
    }

    /** Registers a schema, or returns the id of the identical live version; returns the schema id. */
    synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        List<StoreEntry.SchemaVersion> live = liveVersionsOrEmpty(subject);
        for (StoreEntry.SchemaVersion existing : live) {
            if (existing.schema().equals(text)) {
                return existing.id();
            }
        }

        List<String> problems = effectiveLevel(subject).check(schema, parse(live));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(subject, problems);
        }

        int id = idsBySchema.getOrDefault(text, nextId());
        TreeMap<Integer, StoreEntry.SchemaVersion> all = versionsBySubject.get(subject);
        int version = all == null || all.isEmpty() ? 1 : all.lastKey() + 1;
        persist(new StoreEntry.SchemaVersion(subject, version, id, text, false));
        return id;
    }

    /** Finds the live version of a subject whose schema is identical to the given one. */
    synchronized StoreEntry.SchemaVersion lookup(String subject, Schema schema) {
        String text = schema.toString();
        return liveVersions(subject).stream()
                .filter(v -> v.schema().equals(text))
                .findFirst()
                .orElseThrow(() -> RegistryError.schemaNotFound("subject '" + subject + "' has no such schema"));
    }

    synchronized String schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound("no schema has id " + id);
        }
        return schema;
    }

    /**
     * Checks a schema against one version, or for {@code latest} against the versions that the subject's level
     * compares with.
     *
     * @return one message per incompatibility; empty when compatible
     */
    synchronized List<String> compatibilityProblems(String subject, String versionSpec, Schema schema) {
        CompatibilityLevel level = effectiveLevel(subject);
        List<StoreEntry.SchemaVersion> live = liveVersions(subject);
        if (parseVersion(versionSpec) == -1) {
            return level.check(schema, parse(live));
        }
        return level.check(schema, parse(List.of(version(subject, versionSpec))));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(levelsBySubject.get(subject));
    }

    /** Sets the level of one subject, or of the registry when the subject is {@code null}. */
    synchronized void setLevel(String subject, CompatibilityLevel level) {
        persist(new StoreEntry.CompatibilityConfig(subject, level));
    }

    /**
     * Deletes every version of a subject: soft deletion hides the versions but keeps their ids resolvable, and
     * permanent deletion then removes them.
     *
     * @return the deleted version numbers
     */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        TreeMap<Integer, StoreEntry.SchemaVersion> all = versionsBySubject.get(subject);
        if (all == null || all.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }

        List<StoreEntry.SchemaVersion> affected = new ArrayList<>(all.values());
        if (permanent && affected.stream().anyMatch(v -> !v.deleted())) {
            throw RegistryError.subjectNotSoftDeleted(subject);
        }
        if (!permanent && affected.stream().allMatch(StoreEntry.SchemaVersion::deleted)) {
            throw RegistryError.subjectNotFound(subject);
        }

        for (StoreEntry.SchemaVersion version : affected) {
            persist(permanent ? new StoreEntry.VersionRemoval(subject, version.version()) : version.softDeleted());
        }
        return affected.stream().map(StoreEntry.SchemaVersion::version).toList();
    }

    private void persist(StoreEntry entry) {
        try {
            store.write(entry);
        } catch (RuntimeException e) {
            throw RegistryError.backendStore(e);
        }
        apply(entry);
    }

    private void apply(StoreEntry entry) {
        if (entry instanceof StoreEntry.SchemaVersion version) {
            versionsBySubject.computeIfAbsent(version.subject(), s -> new TreeMap<>()).put(version.version(), version);
            schemasById.put(version.id(), version.schema());
            idsBySchema.putIfAbsent(version.schema(), version.id());
        } else if (entry instanceof StoreEntry.VersionRemoval removal) {
            TreeMap<Integer, StoreEntry.SchemaVersion> versions = versionsBySubject.get(removal.subject());
            if (versions != null) {
                versions.remove(removal.version());
            }
        } else if (entry instanceof StoreEntry.CompatibilityConfig config) {
            applyConfig(config);
        }
    }

    private void applyConfig(StoreEntry.CompatibilityConfig config) {
        if (config.subject() == null) {
            globalLevel = config.level() == null ? CompatibilityLevel.DEFAULT : config.level();
        } else if (config.level() == null) {
            levelsBySubject.remove(config.subject());
        } else {
            levelsBySubject.put(config.subject(), config.level());
        }
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return levelsBySubject.getOrDefault(subject, globalLevel);
    }

    private int nextId() {
        return schemasById.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }

    private List<StoreEntry.SchemaVersion> liveVersions(String subject) {
        List<StoreEntry.SchemaVersion> live = liveVersionsOrEmpty(subject);
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return live;
    }

    private List<StoreEntry.SchemaVersion> liveVersionsOrEmpty(String subject) {
        TreeMap<Integer, StoreEntry.SchemaVersion> all = versionsBySubject.get(subject);
        if (all == null) {
            return List.of();
        }
        return all.values().stream().filter(v -> !v.deleted()).toList();
    }

    private static List<Schema> parse(List<StoreEntry.SchemaVersion> versions) {
        return versions.stream().map(v -> new Schema.Parser().parse(v.schema())).toList();
    }

    /** Returns the version number, or -1 for {@code latest}. */
    private static int parseVersion(String versionSpec) {
        if ("latest".equals(versionSpec) || "-1".equals(versionSpec)) {
            return -1;
        }
        int version;
        try {
            version = Integer.parseInt(versionSpec);
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(versionSpec);
        }
        if (version < 1) {
            throw RegistryError.invalidVersion(versionSpec);
        }
        return version;
    }
}
