package org.streamtranslate.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Schema evolution rule of a subject, with the names and meanings that Confluent Schema Registry uses.
 *
 * <p>BACKWARD means consumers using the new schema can read data written with the previous one, FORWARD means
 * consumers using the previous schema can read data written with the new one, and FULL means both. The
 * {@code _TRANSITIVE} forms check against every earlier version instead of only the latest. The check itself is
 * Avro's {@link SchemaCompatibility}.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Level of a subject without its own setting and of a registry without a global setting. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * Checks a candidate schema against the versions already registered under a subject.
     *
     * @param candidate the schema to register
     * @param existing the registered versions, oldest first; may be empty
     * @return one message per incompatibility found; empty when the candidate is compatible
     */
    public List<String> check(Schema candidate, List<Schema> existing) {
        List<String> problems = new ArrayList<>();
        if (existing.isEmpty() || this == NONE) {
            return problems;
        }

        List<Schema> compared = transitive ? existing : List.of(existing.get(existing.size() - 1));
        for (Schema previous : compared) {
            if (newReadsOld) {
                collectProblems(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous),
                        "new schema cannot read data written with an earlier schema", problems);
            }
            if (oldReadsNew) {
                collectProblems(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate),
                        "an earlier schema cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    /**
     * Parses a level name as sent in {@code PUT /config} bodies, ignoring case.
     *
     * @throws IllegalArgumentException when the name is not one of the levels
     */
    public static CompatibilityLevel parse(String name) {
        for (CompatibilityLevel level : values()) {
            if (level.name().equalsIgnoreCase(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("Invalid compatibility level '" + name + "'; expected one of "
                + List.of(values()));
    }

    private static void collectProblems(SchemaPairCompatibility pair, String direction, List<String> problems) {
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + ": " + incompatibility.getMessage());
        }
    }
}
