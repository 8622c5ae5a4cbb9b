package org.streamtranslate.registry.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevSchemaRegistryTest {

    private static final String V1 = "{\"type\": \"record\", \"name\": \"Greeting\", \"namespace\": \"test\","
            + " \"fields\": [{\"name\": \"text\", \"type\": \"string\"}]}";
    private static final String V2_WITH_DEFAULT = "{\"type\": \"record\", \"name\": \"Greeting\", \"namespace\":"
            + " \"test\", \"fields\": [{\"name\": \"text\", \"type\": \"string\"},"
            + " {\"name\": \"language\", \"type\": \"string\", \"default\": \"en\"}]}";
    private static final String V2_WITHOUT_DEFAULT = "{\"type\": \"record\", \"name\": \"Greeting\", \"namespace\":"
            + " \"test\", \"fields\": [{\"name\": \"text\", \"type\": \"string\"},"
            + " {\"name\": \"language\", \"type\": \"string\"}]}";
    private static final String V2_WITHOUT_TEXT = "{\"type\": \"record\", \"name\": \"Greeting\", \"namespace\":"
            + " \"test\", \"fields\": [{\"name\": \"language\", \"type\": \"string\", \"default\": \"en\"}]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private DevSchemaRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldServeRegisteredVersions() throws Exception {
        // given
        register("greetings-value", V1);
        register("greetings-value", V2_WITH_DEFAULT);

        // when
        Response subjects = call("GET", "/subjects", null);
        Response versions = call("GET", "/subjects/greetings-value/versions", null);
        Response latest = call("GET", "/subjects/greetings-value/versions/latest", null);
        Response first = call("GET", "/subjects/greetings-value/versions/1", null);
        Response rawSchema = call("GET", "/subjects/greetings-value/versions/1/schema", null);

        // then
        assertEquals("[\"greetings-value\"]", subjects.body());
        assertEquals("[1,2]", versions.body());
        assertEquals(2, latest.json().get("version").intValue());
        assertEquals(2, latest.json().get("id").intValue());
        assertEquals("greetings-value", latest.json().get("subject").textValue());
        assertEquals(json.readTree(V1), json.readTree(first.json().get("schema").textValue()));
        assertEquals(json.readTree(V1), rawSchema.json());
        assertEquals("application/vnd.schemaregistry.v1+json", subjects.contentType());
    }

    @Test
    void shouldReturnExistingIdForIdenticalSchema() throws Exception {
        // given
        int first = register("greetings-value", V1);

        // when
        int again = register("greetings-value", V1.replace(" ", ""));
        Response versions = call("GET", "/subjects/greetings-value/versions", null);

        // then
        assertEquals(first, again);
        assertEquals("[1]", versions.body());
    }

    @Test
    void shouldLookUpAndServeSchemaById() throws Exception {
        // given
        int id = register("greetings-value", V1);

        // when
        Response lookup = call("POST", "/subjects/greetings-value", schemaBody(V1));
        Response byId = call("GET", "/schemas/ids/" + id, null);
        Response rawById = call("GET", "/schemas/ids/" + id + "/schema", null);
        Response types = call("GET", "/schemas/types", null);

        // then
        assertEquals(200, lookup.status());
        assertEquals(id, lookup.json().get("id").intValue());
        assertEquals(1, lookup.json().get("version").intValue());
        assertEquals(json.readTree(V1), json.readTree(byId.json().get("schema").textValue()));
        assertEquals(json.readTree(V1), rawById.json());
        assertEquals("[\"AVRO\"]", types.body());
    }

    @Test
    void shouldCheckBackwardCompatibilityByDefault() throws Exception {
        // given
        register("greetings-value", V1);

        // when
        Response withDefault = call("POST", "/compatibility/subjects/greetings-value/versions/latest",
                schemaBody(V2_WITH_DEFAULT));
        Response withoutDefault = call("POST", "/compatibility/subjects/greetings-value/versions/latest?verbose=true",
                schemaBody(V2_WITHOUT_DEFAULT));
        Response registration = call("POST", "/subjects/greetings-value/versions", schemaBody(V2_WITHOUT_DEFAULT));

        // then
        assertEquals("{\"is_compatible\":true}", withDefault.body());
        assertFalse(withoutDefault.json().get("is_compatible").booleanValue());
        assertTrue(withoutDefault.json().get("messages").get(0).textValue().contains(
                "READER_FIELD_MISSING_DEFAULT_VALUE"), withoutDefault.body());
        assertEquals(409, registration.status());
        assertEquals(409, registration.json().get("error_code").intValue());
        assertTrue(registration.json().get("message").textValue().startsWith("Schema being registered is"
                + " incompatible with an earlier schema for subject 'greetings-value'"), registration.body());
    }

    @Test
    void shouldApplyForwardAndFullLevels() throws Exception {
        // given
        register("greetings-value", V1);

        // when
        Response forward = call("PUT", "/config/greetings-value", "{\"compatibility\": \"FORWARD\"}");
        Response removedFieldUnderForward = call("POST", "/compatibility/subjects/greetings-value/versions/latest",
                schemaBody(V2_WITHOUT_TEXT));
        call("PUT", "/config/greetings-value", "{\"compatibility\": \"FULL\"}");
        Response addedWithoutDefaultUnderFull = call("POST", "/compatibility/subjects/greetings-value/versions/1",
                schemaBody(V2_WITHOUT_DEFAULT));
        Response addedWithDefaultUnderFull = call("POST", "/compatibility/subjects/greetings-value/versions/1",
                schemaBody(V2_WITH_DEFAULT));
        call("PUT", "/config/greetings-value", "{\"compatibility\": \"NONE\"}");
        Response anythingUnderNone = call("POST", "/subjects/greetings-value/versions", schemaBody(V2_WITHOUT_TEXT));

        // then
        assertEquals("{\"compatibility\":\"FORWARD\"}", forward.body());
        assertEquals("{\"is_compatible\":false}", removedFieldUnderForward.body());
        assertEquals("{\"is_compatible\":false}", addedWithoutDefaultUnderFull.body());
        assertEquals("{\"is_compatible\":true}", addedWithDefaultUnderFull.body());
        assertEquals(200, anythingUnderNone.status());
    }

    @Test
    void shouldCheckEveryVersionUnderTransitiveLevel() throws Exception {
        // given
        call("PUT", "/config", "{\"compatibility\": \"NONE\"}");
        register("greetings-value", V1);
        register("greetings-value", V2_WITHOUT_TEXT);
        String textOnlyAgain = "{\"type\": \"record\", \"name\": \"Greeting\", \"namespace\": \"test\","
                + " \"fields\": [{\"name\": \"language\", \"type\": \"string\", \"default\": \"en\"},"
                + " {\"name\": \"text\", \"type\": \"string\"}]}";

        // when
        call("PUT", "/config", "{\"compatibility\": \"FORWARD\"}");
        Response againstLatest = call("POST", "/compatibility/subjects/greetings-value/versions/latest",
                schemaBody(textOnlyAgain));
        call("PUT", "/config", "{\"compatibility\": \"BACKWARD_TRANSITIVE\"}");
        Response againstAll = call("POST", "/compatibility/subjects/greetings-value/versions/latest",
                schemaBody(textOnlyAgain));

        // then
        assertEquals("{\"is_compatible\":true}", againstLatest.body());
        assertEquals("{\"is_compatible\":false}", againstAll.body());
    }

    @Test
    void shouldReadAndWriteConfig() throws Exception {
        // when
        Response globalDefault = call("GET", "/config", null);
        Response updated = call("PUT", "/config", "{\"compatibility\": \"full_transitive\"}");
        Response global = call("GET", "/config", null);
        Response unsetSubject = call("GET", "/config/greetings-value", null);
        Response subjectWithFallback = call("GET", "/config/greetings-value?defaultToGlobal=true", null);
        Response invalid = call("PUT", "/config", "{\"compatibility\": \"SIDEWAYS\"}");

        // then
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", globalDefault.body());
        assertEquals("{\"compatibility\":\"FULL_TRANSITIVE\"}", updated.body());
        assertEquals("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}", global.body());
        assertEquals(404, unsetSubject.status());
        assertEquals(40408, unsetSubject.json().get("error_code").intValue());
        assertEquals("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}", subjectWithFallback.body());
        assertEquals(422, invalid.status());
        assertEquals(42203, invalid.json().get("error_code").intValue());
    }

    @Test
    void shouldReturnConfluentErrorCodes() throws Exception {
        // given
        register("greetings-value", V1);

        // when
        Response unknownSubject = call("GET", "/subjects/missing-value/versions", null);
        Response unknownVersion = call("GET", "/subjects/greetings-value/versions/7", null);
        Response invalidVersion = call("GET", "/subjects/greetings-value/versions/first", null);
        Response zeroVersion = call("GET", "/subjects/greetings-value/versions/0", null);
        Response unknownId = call("GET", "/schemas/ids/99", null);
        Response notRegistered = call("POST", "/subjects/greetings-value", schemaBody(V2_WITH_DEFAULT));
        Response invalidSchema = call("POST", "/subjects/greetings-value/versions", schemaBody("{\"type\": \"rec\"}"));
        Response protobuf = call("POST", "/subjects/greetings-value/versions",
                "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");
        Response unknownPath = call("GET", "/nothing/here", null);
        Response wrongMethod = call("PUT", "/subjects", "{}");

        // then
        assertError(unknownSubject, 404, 40401, "Subject 'missing-value' not found.");
        assertError(unknownVersion, 404, 40402, "Version 7 not found in subject 'greetings-value'.");
        assertError(invalidVersion, 422, 42202, "The specified version 'first' is not a valid version id. Allowed"
                + " values are between [1, 2^31-1] and the string \"latest\".");
        assertEquals(42202, zeroVersion.json().get("error_code").intValue());
        assertError(unknownId, 404, 40403, "Schema not found: no schema has id 99.");
        assertError(notRegistered, 404, 40403, "Schema not found: subject 'greetings-value' has no such schema.");
        assertEquals(422, invalidSchema.status());
        assertEquals(42201, invalidSchema.json().get("error_code").intValue());
        assertTrue(invalidSchema.json().get("message").textValue().startsWith("Invalid schema: "),
                invalidSchema.body());
        assertError(protobuf, 422, 42201, "Invalid schema: schemaType PROTOBUF is not supported; the dev registry"
                + " stores only AVRO schemas");
        assertEquals(404, unknownPath.status());
        assertEquals(405, wrongMethod.status());
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDeleteSubject() throws Exception {
        // given
        int id = register("greetings-value", V1);
        register("greetings-value", V2_WITH_DEFAULT);

        // when
        Response permanentFirst = call("DELETE", "/subjects/greetings-value?permanent=true", null);
        Response softDelete = call("DELETE", "/subjects/greetings-value", null);
        Response subjectsAfterSoft = call("GET", "/subjects", null);
        Response deletedSubjects = call("GET", "/subjects?deleted=true", null);
        Response idAfterSoft = call("GET", "/schemas/ids/" + id, null);
        Response permanent = call("DELETE", "/subjects/greetings-value?permanent=true", null);
        Response deletedAfterPermanent = call("GET", "/subjects?deleted=true", null);
        int reRegistered = register("greetings-value", V1);

        // then
        assertError(permanentFirst, 404, 40405, "Subject 'greetings-value' was not deleted first before being"
                + " permanently deleted; delete it without permanent=true first.");
        assertEquals("[1,2]", softDelete.body());
        assertEquals("[]", subjectsAfterSoft.body());
        assertEquals("[\"greetings-value\"]", deletedSubjects.body());
        assertEquals(200, idAfterSoft.status());
        assertEquals("[1,2]", permanent.body());
        assertEquals("[]", deletedAfterPermanent.body());
        assertEquals(id, reRegistered);
    }

    @Test
    void shouldKeepIdsAcrossRestartOnSameStore() throws Exception {
        // given
        register("greetings-value", V1);
        int second = register("farewells-value", V2_WITH_DEFAULT);
        call("PUT", "/config/farewells-value", "{\"compatibility\": \"NONE\"}");

        // when
        registry.close();
        registry.start();
        Response byId = call("GET", "/schemas/ids/" + second, null);
        Response level = call("GET", "/config/farewells-value", null);
        int third = register("greetings-value", V2_WITH_DEFAULT);

        // then
        assertEquals(json.readTree(V2_WITH_DEFAULT), json.readTree(byId.json().get("schema").textValue()));
        assertEquals("{\"compatibilityLevel\":\"NONE\"}", level.body());
        assertEquals(second, third);
    }

    @Test
    void shouldRejectSecondStart() {
        // when
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> registry.start());

        // then
        assertEquals("Dev schema registry already started at " + registry.url(), error.getMessage());
    }

    @Test
    void shouldParseCommandLineOptions() {
        // when
        DevRegistryOptions defaults = DevRegistryOptions.parse(new String[0]);
        DevRegistryOptions custom = DevRegistryOptions.parse(new String[] {"--port", "0", "--bootstrap-servers",
                "127.0.0.1:9092", "--topic", "schemas-dev", "--host", "0.0.0.0"});
        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
                () -> DevRegistryOptions.parse(new String[] {"--port", "70000"}));

        // then
        assertEquals(new DevRegistryOptions("127.0.0.1", 8081, null, "_schemas", false), defaults);
        assertEquals(new DevRegistryOptions("0.0.0.0", 0, "127.0.0.1:9092", "schemas-dev", false), custom);
        assertEquals("Invalid --port '70000'; expected a number from 0 to 65535", badPort.getMessage());
    }

    private void assertError(Response response, int status, int errorCode, String message) {
        assertEquals(status, response.status(), response.body());
        assertEquals(errorCode, response.json().get("error_code").intValue(), response.body());
        assertEquals(message, response.json().get("message").textValue());
    }

    private int register(String subject, String schema) {
        Response response = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
        assertEquals(200, response.status(), response.body());
        return response.json().get("id").intValue();
    }

    private String schemaBody(String schema) {
        return json.createObjectNode().put("schema", schema).toString();
    }

    private Response call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Response(int status, String body, String contentType) {

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Response body is not JSON: " + body, e);
            }
        }
    }
}
