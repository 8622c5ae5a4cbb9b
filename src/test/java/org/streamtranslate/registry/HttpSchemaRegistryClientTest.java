package org.streamtranslate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streamtranslate.registry.dev.DevSchemaRegistry;

class HttpSchemaRegistryClientTest {

    private static final Schema GREETING_V1 = parse("""
            {"type": "record", "name": "Greeting", "namespace": "test",
             "fields": [{"name": "text", "type": "string"}]}""");
    private static final Schema GREETING_WITH_DEFAULT = parse("""
            {"type": "record", "name": "Greeting", "namespace": "test",
             "fields": [{"name": "text", "type": "string"},
                        {"name": "language", "type": "string", "default": "en"}]}""");
    private static final Schema GREETING_WITHOUT_DEFAULT = parse("""
            {"type": "record", "name": "Greeting", "namespace": "test",
             "fields": [{"name": "text", "type": "string"}, {"name": "language", "type": "string"}]}""");

    private DevSchemaRegistry registry;
    private HttpSchemaRegistryClient client;
    private HttpServer fakeServer;

    @BeforeEach
    void startRegistry() {
        registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start();
        client = new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null);
    }

    @AfterEach
    void stopServers() {
        registry.close();
        if (fakeServer != null) {
            fakeServer.stop(0);
        }
    }

    @Test
    void shouldRegisterLookUpAndFetchById() {
        // when
        int registered = client.register("greetings-value", GREETING_V1);
        int again = client.register("greetings-value", GREETING_V1);
        int lookedUp = new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null)
                .lookupId("greetings-value", GREETING_V1);
        Schema byId = new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null)
                .schemaById(registered);
        RegisteredSchema latest = client.latestVersion("greetings-value");

        // then
        assertEquals(1, registered);
        assertEquals(1, again);
        assertEquals(1, lookedUp);
        assertEquals(GREETING_V1, byId);
        assertEquals(new RegisteredSchema("greetings-value", 1, 1, GREETING_V1), latest);
    }

    @Test
    void shouldShareIdOfIdenticalSchemaAcrossSubjects() {
        // when
        int first = client.register("greetings-value", GREETING_V1);
        int second = client.register("farewells-value", GREETING_V1);

        // then
        assertEquals(first, second);
        assertEquals(1, client.latestVersion("farewells-value").version());
    }

    @Test
    void shouldAcceptFieldWithDefaultUnderBackward() {
        // given
        client.register("greetings-value", GREETING_V1);

        // when
        boolean compatible = client.isCompatible("greetings-value", GREETING_WITH_DEFAULT);
        int id = client.register("greetings-value", GREETING_WITH_DEFAULT);

        // then
        assertTrue(compatible);
        assertEquals(2, id);
        assertEquals(2, client.latestVersion("greetings-value").version());
    }

    @Test
    void shouldRejectFieldWithoutDefaultUnderBackward() {
        // given
        client.register("greetings-value", GREETING_V1);

        // when
        boolean compatible = client.isCompatible("greetings-value", GREETING_WITHOUT_DEFAULT);
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> client.register("greetings-value", GREETING_WITHOUT_DEFAULT));

        // then
        assertFalse(compatible);
        assertEquals(SchemaRegistryException.Kind.INCOMPATIBLE_SCHEMA, error.kind());
        assertTrue(error.getMessage().startsWith("Schema registry " + registry.url()
                + "/subjects/greetings-value/versions rejected request for greetings-value with HTTP 409 error_code"
                + " 409: Schema being registered is incompatible with an earlier schema for subject"
                + " 'greetings-value', details: "), error.getMessage());
        assertTrue(error.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), error.getMessage());
        assertTrue(error.getMessage().endsWith("Make the change compatible, for example give new fields a default,"
                + " or change the subject's compatibility level."), error.getMessage());
    }

    @Test
    void shouldTreatSubjectWithoutVersionsAsCompatible() {
        // when
        boolean compatible = client.isCompatible("new-value", GREETING_WITHOUT_DEFAULT);

        // then
        assertTrue(compatible);
    }

    @Test
    void shouldReportUnknownSchemaId() {
        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class, () -> client.schemaById(42));

        // then
        assertEquals(SchemaRegistryException.Kind.UNKNOWN_SCHEMA_ID, error.kind());
        assertEquals("Schema registry " + registry.url() + "/schemas/ids/42 rejected request for id 42 with HTTP 404"
                + " error_code 40403: Schema not found: no schema has id 42. Check that the producer and this"
                + " consumer use the same schema.registry.url.", error.getMessage());
    }

    @Test
    void shouldReportSubjectNotFoundOnLookup() {
        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> client.lookupId("missing-value", GREETING_V1));

        // then
        assertEquals(SchemaRegistryException.Kind.SUBJECT_NOT_FOUND, error.kind());
        assertEquals("Schema registry " + registry.url() + "/subjects/missing-value rejected request for"
                + " missing-value with HTTP 404 error_code 40401: Subject 'missing-value' not found. Register a schema"
                + " under the subject first.", error.getMessage());
    }

    @Test
    void shouldReportSchemaNotRegisteredOnLookup() {
        // given
        client.register("greetings-value", GREETING_V1);

        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> client.lookupId("greetings-value", GREETING_WITH_DEFAULT));

        // then
        assertEquals(SchemaRegistryException.Kind.SCHEMA_NOT_REGISTERED, error.kind());
        assertEquals("Schema registry " + registry.url() + "/subjects/greetings-value rejected request for"
                + " greetings-value with HTTP 404 error_code 40403: Schema not found: subject 'greetings-value' has no"
                + " such schema. Register the schema first, or enable auto.register.schemas.", error.getMessage());
    }

    @Test
    void shouldReportSubjectNotFoundForLatestVersion() {
        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> client.latestVersion("missing-value"));

        // then
        assertEquals(SchemaRegistryException.Kind.SUBJECT_NOT_FOUND, error.kind());
    }

    @Test
    void shouldReportClosedPortAsUnavailable() throws IOException {
        // given
        String url = "http://127.0.0.1:" + closedPort();
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient(url, Duration.ofSeconds(2), null);

        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> unreachable.register("greetings-value", GREETING_V1));

        // then
        assertEquals(SchemaRegistryException.Kind.REGISTRY_UNAVAILABLE, error.kind());
        assertTrue(error.getMessage().startsWith("Schema registry unavailable for POST"
                + " /subjects/greetings-value/versions: " + url + ": ConnectException"), error.getMessage());
    }

    @Test
    void shouldFailOverToNextUrl() throws IOException {
        // given
        String urls = "http://127.0.0.1:" + closedPort() + "," + registry.url();
        HttpSchemaRegistryClient failingOver = new HttpSchemaRegistryClient(urls, Duration.ofSeconds(2), null);

        // when
        int id = failingOver.register("greetings-value", GREETING_V1);

        // then
        assertEquals(1, id);
    }

    @Test
    void shouldReportTimeoutAsUnavailable() throws IOException {
        // given
        String url = startFakeServer(200, "{}", Duration.ofSeconds(3), new CopyOnWriteArrayList<>());
        HttpSchemaRegistryClient slow = new HttpSchemaRegistryClient(url, Duration.ofMillis(300), null);

        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class, () -> slow.schemaById(1));

        // then
        assertEquals(SchemaRegistryException.Kind.REGISTRY_UNAVAILABLE, error.kind());
        assertTrue(error.getMessage().contains("HttpTimeoutException"), error.getMessage());
    }

    @Test
    void shouldCacheSchemaFetchedWithBasicAuth() throws IOException {
        // given
        List<String> authorizations = new CopyOnWriteArrayList<>();
        String url = startFakeServer(200, "{\"schema\": \"\\\"string\\\"\"}", Duration.ZERO, authorizations);
        HttpSchemaRegistryClient authenticated = new HttpSchemaRegistryClient(url, Duration.ofSeconds(2), "ann:secret");

        // when
        Schema first = authenticated.schemaById(5);
        Schema second = authenticated.schemaById(5);

        // then
        assertEquals(Schema.create(Schema.Type.STRING), first);
        assertEquals(first, second);
        assertEquals(List.of("Basic YW5uOnNlY3JldA=="), authorizations);
    }

    @Test
    void shouldReportAuthenticationFailure() throws IOException {
        // given
        String url = startFakeServer(401, "{\"error_code\": 40101, \"message\": \"Unauthorized\"}", Duration.ZERO,
                new CopyOnWriteArrayList<>());
        HttpSchemaRegistryClient unauthorized = new HttpSchemaRegistryClient(url, Duration.ofSeconds(2), "ann:wrong");

        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> unauthorized.schemaById(5));

        // then
        assertEquals(SchemaRegistryException.Kind.UNEXPECTED_RESPONSE, error.kind());
        assertEquals("Schema registry " + url + "/schemas/ids/5 rejected request for id 5 with HTTP 401 error_code"
                + " 40101: Unauthorized. Check the registry url and, if the registry requires it,"
                + " basic.auth.user.info.", error.getMessage());
    }

    @Test
    void shouldReportBodyThatIsNotJson() throws IOException {
        // given
        String url = startFakeServer(200, "<html>proxy login</html>", Duration.ZERO, new CopyOnWriteArrayList<>());
        HttpSchemaRegistryClient misdirected = new HttpSchemaRegistryClient(url, Duration.ofSeconds(2), null);

        // when
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class, () -> misdirected.schemaById(5));

        // then
        assertEquals(SchemaRegistryException.Kind.UNEXPECTED_RESPONSE, error.kind());
        assertEquals("Schema registry " + url + "/schemas/ids/5 returned a body that is not JSON: <html>proxy"
                + " login</html>. Check that schema.registry.url points at a schema registry.", error.getMessage());
    }

    @Test
    void shouldRejectUrlWithoutScheme() {
        // when
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new HttpSchemaRegistryClient("127.0.0.1:8081", Duration.ofSeconds(1), null));

        // then
        assertEquals("Invalid schema registry url '127.0.0.1:8081'; expected an absolute http or https url such as"
                + " http://127.0.0.1:8081", error.getMessage());
    }

    /** Starts a server that responds to every request with the given status and body after a delay. */
    private String startFakeServer(int status, String body, Duration delay, List<String> authorizations)
            throws IOException {
        fakeServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeServer.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        fakeServer.start();
        return "http://127.0.0.1:" + fakeServer.getAddress().getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
