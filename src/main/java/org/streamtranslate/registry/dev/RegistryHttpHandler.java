package org.streamtranslate.registry.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.registry.CompatibilityLevel;

/**
 * Routes the Confluent Schema Registry REST endpoints to {@link RegistryState} and writes the JSON responses and
 * error bodies ({@code {"error_code": 40401, "message": "..."}}) in the shapes that Confluent documents.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final RegistryState state;
    private final ObjectMapper json = new ObjectMapper();

    RegistryHttpHandler(RegistryState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try {
            Request request = new Request(method, segments(path), query(exchange.getRequestURI().getRawQuery()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Object body = route(request);
            respond(exchange, 200, body);
        } catch (RegistryError e) {
            if (e.status() >= 500) {
                LOG.error("Dev registry request failed method={} path={} errorCode={}", method, path, e.errorCode(),
                        e);
            } else {
                LOG.debug("Dev registry rejected request method={} path={} errorCode={} message={}", method, path,
                        e.errorCode(), e.getMessage());
            }
            respond(exchange, e.status(), error(e.errorCode(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Dev registry request failed method={} path={}", method, path, e);
            respond(exchange, 500, error(50000, "Internal error: " + e));
        } finally {
            exchange.close();
        }
    }

    private Object route(Request request) {
        List<String> s = request.segments();
        String resource = s.isEmpty() ? "" : s.get(0);
        return switch (resource) {
            case "" -> request.expect("GET", s.size() == 0, json::createObjectNode);
            case "subjects" -> routeSubjects(request);
            case "schemas" -> routeSchemas(request);
            case "compatibility" -> routeCompatibility(request);
            case "config" -> routeConfig(request);
            default -> throw notFound(request);
        };
    }

    private Object routeSubjects(Request request) {
        List<String> s = request.segments();
        if (s.size() == 1) {
            return request.expect("GET", true, () -> state.subjects(request.flag("deleted")));
        }
        String subject = s.get(1);
        if (s.size() == 2) {
            return switch (request.method()) {
                case "POST" -> versionBody(state.lookup(subject, request.schema()));
                case "DELETE" -> state.deleteSubject(subject, request.flag("permanent"));
                default -> throw methodNotAllowed(request);
            };
        }
        if (!"versions".equals(s.get(2))) {
            throw notFound(request);
        }
        if (s.size() == 3) {
            return switch (request.method()) {
                case "GET" -> state.versions(subject);
                case "POST" -> json.createObjectNode().put("id", state.register(subject, request.schema()));
                default -> throw methodNotAllowed(request);
            };
        }
        if (s.size() == 4) {
            return request.expect("GET", true, () -> versionBody(state.version(subject, s.get(3))));
        }
        return request.expect("GET", s.size() == 5 && "schema".equals(s.get(4)),
                () -> new RawJson(state.version(subject, s.get(3)).schema()));
    }

    private Object routeSchemas(Request request) {
        List<String> s = request.segments();
        if (s.size() == 2 && "types".equals(s.get(1))) {
            return request.expect("GET", true, () -> List.of("AVRO"));
        }
        if (s.size() < 3 || s.size() > 4 || !"ids".equals(s.get(1))) {
            throw notFound(request);
        }

        int id;
        try {
            id = Integer.parseInt(s.get(2));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("'" + s.get(2) + "' is not a schema id");
        }
        if (s.size() == 4) {
            return request.expect("GET", "schema".equals(s.get(3)), () -> new RawJson(state.schemaById(id)));
        }
        return request.expect("GET", true, () -> json.createObjectNode().put("schema", state.schemaById(id)));
    }

    private Object routeCompatibility(Request request) {
        List<String> s = request.segments();
        boolean matches = s.size() == 5 && "subjects".equals(s.get(1)) && "versions".equals(s.get(3));
        return request.expect("POST", matches, () -> {
            List<String> problems = state.compatibilityProblems(s.get(2), s.get(4), request.schema());
            ObjectNode body = json.createObjectNode().put("is_compatible", problems.isEmpty());
            if (request.flag("verbose")) {
                problems.forEach(body.putArray("messages")::add);
            }
            return body;
        });
    }

    private Object routeConfig(Request request) {
        List<String> s = request.segments();
        if (s.size() > 2) {
            throw notFound(request);
        }
        String subject = s.size() == 2 ? s.get(1) : null;
        return switch (request.method()) {
            case "GET" -> json.createObjectNode().put("compatibilityLevel", readLevel(subject, request).name());
            case "PUT" -> {
                CompatibilityLevel level = request.compatibilityLevel();
                state.setLevel(subject, level);
                yield json.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE" -> {
                CompatibilityLevel previous = readLevel(subject, request);
                state.setLevel(subject, null);
                yield json.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default -> throw methodNotAllowed(request);
        };
    }

    private CompatibilityLevel readLevel(String subject, Request request) {
        if (subject == null) {
            return state.globalLevel();
        }
        return state.subjectLevel(subject).orElseGet(() -> {
            if (request.flag("defaultToGlobal")) {
                return state.globalLevel();
            }
            throw RegistryError.subjectLevelNotConfigured(subject);
        });
    }

    private ObjectNode versionBody(StoreEntry.SchemaVersion version) {
        return json.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema());
    }

    private ObjectNode error(int errorCode, String message) {
        return json.createObjectNode().put("error_code", errorCode).put("message", message);
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        String text = body instanceof RawJson raw ? raw.text() : json.writeValueAsString(body);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static RegistryError notFound(Request request) {
        return new RegistryError(404, 404, "HTTP 404 Not Found: no endpoint " + request.method() + " /"
                + String.join("/", request.segments()));
    }

    private static RegistryError methodNotAllowed(Request request) {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed: " + request.method() + " /"
                + String.join("/", request.segments()));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            parameters.put(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static String decode(String text) {
        // URLDecoder turns '+' into a space, which is form encoding; in a path a '+' is itself.
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A response body that is already JSON text, such as a schema returned by a {@code /schema} endpoint. */
    private record RawJson(String text) {
    }

    /** One parsed HTTP request. */
    private final class Request {

        private final String method;
        private final List<String> segments;
        private final Map<String, String> query;
        private final String body;

        Request(String method, List<String> segments, Map<String, String> query, String body) {
            this.method = method;
            this.segments = segments;
            this.query = query;
            this.body = body;
        }

        String method() {
            return method;
        }

        List<String> segments() {
            return segments;
        }

        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.get(name));
        }

        /** Runs the action when the path matched and the method is the expected one, else raises 404 or 405. */
        Object expect(String expectedMethod, boolean pathMatches, java.util.function.Supplier<Object> action) {
            if (!pathMatches) {
                throw notFound(this);
            }
            if (!expectedMethod.equals(method)) {
                throw methodNotAllowed(this);
            }
            return action.get();
        }

        /** Parses the {@code schema} field of the body as an Avro schema. */
        Schema schema() {
            JsonNode node = bodyJson();
            JsonNode schemaType = node.get("schemaType");
            if (schemaType != null && !"AVRO".equals(schemaType.asText())) {
                throw RegistryError.invalidSchema("schemaType " + schemaType.asText() + " is not supported; the dev"
                        + " registry stores only AVRO schemas");
            }
            JsonNode references = node.get("references");
            if (references != null && references.size() > 0) {
                throw RegistryError.invalidSchema("schema references are not supported by the dev registry");
            }
            JsonNode text = node.get("schema");
            if (text == null || !text.isTextual() || text.textValue().isBlank()) {
                throw RegistryError.invalidSchema("missing or empty schema field in the request body");
            }
            try {
                return new Schema.Parser().parse(text.textValue());
            } catch (AvroRuntimeException | NullPointerException e) {
                // Avro 1.12.1 raises NullPointerException ("Unknown schema") for an undefined type name.
                throw RegistryError.invalidSchema(e.getMessage());
            }
        }

        /** Parses the {@code compatibility} field of a {@code PUT /config} body. */
        CompatibilityLevel compatibilityLevel() {
            JsonNode level = bodyJson().get("compatibility");
            if (level == null || !level.isTextual()) {
                throw RegistryError.invalidCompatibilityLevel(String.valueOf(level));
            }
            try {
                return CompatibilityLevel.parse(level.textValue());
            } catch (IllegalArgumentException e) {
                throw RegistryError.invalidCompatibilityLevel(level.textValue());
            }
        }

        private JsonNode bodyJson() {
            try {
                JsonNode node = json.readTree(body);
                if (node == null || !node.isObject()) {
                    throw new RegistryError(400, 400, "Invalid request body: expected a JSON object");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new RegistryError(400, 400, "Invalid request body: " + e.getOriginalMessage());
            }
        }
    }
}
