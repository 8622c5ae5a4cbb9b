package org.streamtranslate.registry.dev;

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
        String rawPath = exchange.getRequestURI().getRawPath();
        try {
            RegistryRequest request = new RegistryRequest(json, method, segments(rawPath),
                    query(exchange.getRequestURI().getRawQuery()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Object body = route(request);
            respond(exchange, 200, body);
        } catch (RegistryError e) {
            if (e.status() >= 500) {
                LOG.error("Dev registry request failed method={} path={} errorCode={}", method, rawPath,
                        e.errorCode(), e);
            } else {
                LOG.debug("Dev registry rejected request method={} path={} errorCode={} message={}", method, rawPath,
                        e.errorCode(), e.getMessage());
            }
            respond(exchange, e.status(), error(e.errorCode(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Dev registry request failed method={} path={}", method, rawPath, e);
            respond(exchange, 500, error(50000, "Internal error: " + e));
        } finally {
            exchange.close();
        }
    }

    private Object route(RegistryRequest request) {
        List<String> path = request.segments();
        String resource = path.isEmpty() ? "" : path.get(0);
        return switch (resource) {
            case "" -> request.expect("GET", path.size() == 0, json::createObjectNode);
            case "subjects" -> routeSubjects(request);
            case "schemas" -> routeSchemas(request);
            case "compatibility" -> routeCompatibility(request);
            case "config" -> routeConfig(request);
            default -> throw notFound(request);
        };
    }

    private Object routeSubjects(RegistryRequest request) {
        List<String> path = request.segments();
        if (path.size() == 1) {
            return request.expect("GET", true, () -> state.subjects(request.flag("deleted")));
        }
        String subject = path.get(1);
        if (path.size() == 2) {
            return switch (request.method()) {
                case "POST" -> versionBody(state.lookup(subject, request.schema()));
                case "DELETE" -> state.deleteSubject(subject, request.flag("permanent"));
                default -> throw methodNotAllowed(request);
            };
        }
        if (!"versions".equals(path.get(2))) {
            throw notFound(request);
        }
        if (path.size() == 3) {
            return switch (request.method()) {
                case "GET" -> state.versions(subject);
                case "POST" -> json.createObjectNode().put("id", state.register(subject, request.schema()));
                default -> throw methodNotAllowed(request);
            };
        }
        if (path.size() == 4) {
            return request.expect("GET", true, () -> versionBody(state.version(subject, path.get(3))));
        }
        return request.expect("GET", path.size() == 5 && "schema".equals(path.get(4)),
                () -> new RawJson(state.version(subject, path.get(3)).schema()));
    }

    private Object routeSchemas(RegistryRequest request) {
        List<String> path = request.segments();
        if (path.size() == 2 && "types".equals(path.get(1))) {
            return request.expect("GET", true, () -> List.of("AVRO"));
        }
        if (path.size() < 3 || path.size() > 4 || !"ids".equals(path.get(1))) {
            throw notFound(request);
        }

        int id;
        try {
            id = Integer.parseInt(path.get(2));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("'" + path.get(2) + "' is not a schema id");
        }
        if (path.size() == 4) {
            return request.expect("GET", "schema".equals(path.get(3)), () -> new RawJson(state.schemaById(id)));
        }
        return request.expect("GET", true, () -> json.createObjectNode().put("schema", state.schemaById(id)));
    }

    private Object routeCompatibility(RegistryRequest request) {
        List<String> path = request.segments();
        boolean matches = path.size() == 5 && "subjects".equals(path.get(1)) && "versions".equals(path.get(3));
        return request.expect("POST", matches, () -> {
            List<String> problems = state.compatibilityProblems(path.get(2), path.get(4), request.schema());
            ObjectNode body = json.createObjectNode().put("is_compatible", problems.isEmpty());
            if (request.flag("verbose")) {
                problems.forEach(body.putArray("messages")::add);
            }
            return body;
        });
    }

    private Object routeConfig(RegistryRequest request) {
        List<String> path = request.segments();
        if (path.size() > 2) {
            throw notFound(request);
        }
        String subject = path.size() == 2 ? path.get(1) : null;
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

    private CompatibilityLevel readLevel(String subject, RegistryRequest request) {
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

    private static RegistryError notFound(RegistryRequest request) {
        return RegistryError.notFound(request.method(), request.segments());
    }

    private static RegistryError methodNotAllowed(RegistryRequest request) {
        return RegistryError.methodNotAllowed(request.method(), request.segments());
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

    /** Response body that is already JSON text, such as a schema returned by a {@code /schema} endpoint. */
    private record RawJson(String text) {
    }
}
