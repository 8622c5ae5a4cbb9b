package org.streamtranslate.registry.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.streamtranslate.registry.CompatibilityLevel;

/** One HTTP request to the dev registry: method, decoded path segments, query parameters and body. */
final class RegistryRequest {

    private final ObjectMapper json;
    private final String method;
    private final List<String> segments;
    private final Map<String, String> query;
    private final String body;

    RegistryRequest(ObjectMapper json, String method, List<String> segments, Map<String, String> query, String body) {
        this.json = json;
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
    Object expect(String expectedMethod, boolean pathMatches, Supplier<Object> action) {
        if (!pathMatches) {
            throw RegistryError.notFound(method, segments);
        }
        if (!expectedMethod.equals(method)) {
            throw RegistryError.methodNotAllowed(method, segments);
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
