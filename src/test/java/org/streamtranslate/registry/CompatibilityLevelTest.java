package org.streamtranslate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityLevelTest {

    private static final Schema TEXT = record("{\"name\": \"text\", \"type\": \"string\"}");
    private static final Schema LANGUAGE = record("{\"name\": \"language\", \"type\": \"string\"}");
    private static final Schema TEXT_AND_LANGUAGE = record("{\"name\": \"text\", \"type\": \"string\"},"
            + " {\"name\": \"language\", \"type\": \"string\"}");
    private static final Schema TEXT_AND_DEFAULT_LANGUAGE = record("{\"name\": \"text\", \"type\": \"string\"},"
            + " {\"name\": \"language\", \"type\": \"string\", \"default\": \"en\"}");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "NONE, true, true, true",
        "BACKWARD, true, false, true",
        "BACKWARD_TRANSITIVE, true, false, true",
        "FORWARD, true, true, false",
        "FORWARD_TRANSITIVE, true, true, false",
        "FULL, true, false, false",
        "FULL_TRANSITIVE, true, false, false"
    })
    void shouldJudgeSingleStepChanges(CompatibilityLevel level, boolean acceptsFieldWithDefault,
            boolean acceptsFieldWithoutDefault, boolean acceptsRemovedField) {
        // when
        boolean fieldWithDefault = level.check(TEXT_AND_DEFAULT_LANGUAGE, List.of(TEXT)).isEmpty();
        boolean fieldWithoutDefault = level.check(TEXT_AND_LANGUAGE, List.of(TEXT)).isEmpty();
        boolean removedField = level.check(TEXT, List.of(TEXT_AND_LANGUAGE)).isEmpty();

        // then
        assertEquals(acceptsFieldWithDefault, fieldWithDefault, "added field with default");
        assertEquals(acceptsFieldWithoutDefault, fieldWithoutDefault, "added field without default");
        assertEquals(acceptsRemovedField, removedField, "removed field without default");
    }

    @Test
    void shouldCheckEveryVersionOnlyWhenBackwardTransitive() {
        // given: the candidate reads version 2, but version 1 lacks its language field, which has no default
        List<Schema> existing = List.of(TEXT, TEXT_AND_DEFAULT_LANGUAGE);

        // when
        List<String> againstLatest = CompatibilityLevel.BACKWARD.check(LANGUAGE, existing);
        List<String> againstAll = CompatibilityLevel.BACKWARD_TRANSITIVE.check(LANGUAGE, existing);

        // then
        assertEquals(List.of(), againstLatest);
        assertEquals(1, againstAll.size(), againstAll.toString());
        assertEquals("new schema cannot read data written with an earlier schema: READER_FIELD_MISSING_DEFAULT_VALUE"
                + " at /fields/0: language", againstAll.get(0));
    }

    @Test
    void shouldCheckEveryVersionOnlyWhenForwardTransitive() {
        // given: version 2 can read the candidate, but version 1 needs a language field that the candidate lacks
        List<Schema> existing = List.of(LANGUAGE, TEXT_AND_DEFAULT_LANGUAGE);

        // when
        List<String> againstLatest = CompatibilityLevel.FORWARD.check(TEXT, existing);
        List<String> againstAll = CompatibilityLevel.FORWARD_TRANSITIVE.check(TEXT, existing);

        // then
        assertEquals(List.of(), againstLatest);
        assertEquals(1, againstAll.size(), againstAll.toString());
    }

    @Test
    void shouldAcceptAnySchemaForEmptySubject() {
        // when
        List<String> problems = CompatibilityLevel.FULL_TRANSITIVE.check(TEXT_AND_LANGUAGE, List.of());

        // then
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldRejectUnknownLevelName() {
        // when
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CompatibilityLevel.parse("SIDEWAYS"));

        // then
        assertEquals("Invalid compatibility level 'SIDEWAYS'; expected one of [NONE, BACKWARD, BACKWARD_TRANSITIVE,"
                + " FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE]", error.getMessage());
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Greeting\", \"fields\": [" + fields
                + "]}");
    }
}
