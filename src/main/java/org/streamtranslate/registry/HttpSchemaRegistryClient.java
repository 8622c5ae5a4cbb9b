package org.streamtranslate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema registry client that speaks the Confluent Schema Registry REST API over {@link HttpClient}.
 *
 * <p>It uses only the request and response shapes that Confluent documents, which Apicurio's ccompat API
 * ({@code /apis/ccompat/v7}), Karapace and Redpanda also serve. NOTE: its tests run only against the dev registry and
 * fake servers, not against those products. Ids by schema and schemas by id are cached for the life of the client
 * because a registered schema never changes its id. When several urls are given, a request that cannot connect or
 * gets a server error (HTTP 5xx) is retried on the next url.
 *
 * <p>Limitation: schema references and schema types other than Avro are not supported, because the service only
 * exchanges self-contained Avro records.
 */
public class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** Media type of every request and response body of the registry API. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Timeout of each request when none is configured. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(5000);

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    private final List<URI> baseUrls;
    private final Duration requestTimeout;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /**
     * Creates a client.
     *
     * @param urls one base url, or several separated by commas, for example {@code http://127.0.0.1:8081}
     * @param requestTimeout timeout of connecting and of each request
     * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or {@code null} for none
     * @throws IllegalArgumentException when no url is given or a url is not absolute http(s)
     */
    public HttpSchemaRegistryClient(String urls, Duration requestTimeout, String basicAuthUserInfo) {
        this.baseUrls = parseUrls(urls);
        this.requestTimeout = requestTimeout;
        this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
    }

    /** Returns the configured base urls, comma-separated, for messages and logs. */
    public String url() {
        return String.join(",", baseUrls.stream().map(URI::toString).toList());
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }

        JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                RegistryOperation.REGISTER, subject);
        int id = requiredInt(body, "id", "register under subject '" + subject + "'");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        LOG.debug("Registered schema subject={} id={} url={}", subject, id, url());
        return id;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }

        JsonNode body = send("POST", "/subjects/" + encode(subject), schemaBody(schema), RegistryOperation.LOOKUP,
                subject);
        int id = requiredInt(body, "id", "look up schema under subject '" + subject + "'");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }

        JsonNode body = send("GET", "/schemas/ids/" + id, null, RegistryOperation.SCHEMA_BY_ID, "id " + id);
        Schema schema = parseSchema(body, "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode body = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema), RegistryOperation.COMPATIBILITY, subject);
            JsonNode flag = body.get("is_compatible");
            if (flag == null || !flag.isBoolean()) {
                throw unexpectedBody("check compatibility for subject '" + subject + "'", body,
                        "a boolean is_compatible field");
            }
            return flag.booleanValue();
        } catch (SchemaRegistryException e) {
            // A subject without versions accepts any schema, which some registries report as 40401 or 40402.
            if (e.kind() == SchemaRegistryException.Kind.SUBJECT_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        JsonNode body = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                RegistryOperation.LATEST, subject);
        String context = "latest version of subject '" + subject + "'";
        int id = requiredInt(body, "id", context);
        int version = requiredInt(body, "version", context);
        Schema schema = parseSchema(body, context);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, version, id, schema);
    }

    /** Sends {@code GET /subjects}, which every Confluent-compatible registry serves, and ignores the answer. */
    @Override
    public void checkReachable() {
        send("GET", "/subjects", null, RegistryOperation.PING, "subjects");
    }

    private JsonNode send(String method, String path, String requestBody, RegistryOperation operation,
            String target) {
        List<String> failures = new ArrayList<>();
        for (URI baseUrl : baseUrls) {
            URI uri = URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
            HttpResponse<String> response;
            try {
                response = http.send(buildRequest(method, uri, requestBody), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                LOG.warn("Schema registry request failed url={} method={} error={}", uri, method, e.toString());
                failures.add(baseUrl + ": " + describe(e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(SchemaRegistryException.Kind.REGISTRY_UNAVAILABLE,
                        "Interrupted while calling schema registry " + uri, e);
            }

            if (response.statusCode() >= 500) {
                LOG.warn("Schema registry returned a server error url={} status={}", uri, response.statusCode());
                failures.add(baseUrl + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                continue;
            }
            if (response.statusCode() >= 300) {
                throw RegistryErrorResponse.toException(response.statusCode(), response.body(), uri, operation,
                        target);
            }
            return readJson(response.body(), uri);
        }
        throw new SchemaRegistryException(SchemaRegistryException.Kind.REGISTRY_UNAVAILABLE,
                "Schema registry unavailable for " + method + " " + path + ": " + String.join("; ", failures)
                        + ". Check that the registry is running and that schema.registry.url is right.");
    }

    private HttpRequest buildRequest(String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private JsonNode readJson(String body, URI uri) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.UNEXPECTED_RESPONSE, "Schema registry "
                    + uri + " returned a body that is not JSON: " + abbreviate(body)
                    + ". Check that schema.registry.url points at a schema registry.", e);
        }
    }

    private Schema parseSchema(JsonNode body, String context) {
        JsonNode schemaType = body.get("schemaType");
        if (schemaType != null && !"AVRO".equals(schemaType.asText())) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.INVALID_SCHEMA, "The " + context
                    + " at " + url() + " is a " + schemaType.asText() + " schema, but only AVRO is supported.");
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpectedBody("read the " + context, body, "a string schema field");
        }
        try {
            return new Schema.Parser().parse(text.textValue());
        } catch (AvroRuntimeException | NullPointerException e) {
            // Avro 1.12.1 raises NullPointerException ("Unknown schema") for an undefined type name.
            throw new SchemaRegistryException(SchemaRegistryException.Kind.INVALID_SCHEMA, "The " + context
                    + " at " + url() + " is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    private int requiredInt(JsonNode body, String field, String context) {
        JsonNode value = body.get(field);
        if (value == null || !value.isInt()) {
            throw unexpectedBody(context, body, "an integer " + field + " field");
        }
        return value.intValue();
    }

    private SchemaRegistryException unexpectedBody(String context, JsonNode body, String expected) {
        return new SchemaRegistryException(SchemaRegistryException.Kind.UNEXPECTED_RESPONSE, "Schema registry "
                + url() + " returned " + abbreviate(body.toString()) + " to " + context + ", expected " + expected
                + ". Check that schema.registry.url points at a Confluent-compatible registry API.");
    }

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    static String abbreviate(String text) {
        int max = 300;
        return text == null || text.length() <= max ? String.valueOf(text) : text.substring(0, max) + "...";
    }

    private static List<URI> parseUrls(String urls) {
        if (urls == null || urls.isBlank()) {
            throw new IllegalArgumentException("Missing schema registry url; set schema.registry.url, for example"
                    + " http://127.0.0.1:8081");
        }
        List<URI> parsed = new ArrayList<>();
        for (String url : urls.split(",")) {
            URI uri = parseUrl(url.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw invalidUrl(url.trim(), null);
            }
            parsed.add(uri);
        }
        return List.copyOf(parsed);
    }

    private static URI parseUrl(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw invalidUrl(url, e);
        }
    }

    private static IllegalArgumentException invalidUrl(String url, Throwable cause) {
        return new IllegalArgumentException("Invalid schema registry url '" + url
                + "'; expected an absolute http or https url such as http://127.0.0.1:8081", cause);
    }

    private record SubjectSchema(String subject, String schemaText) {
    }
}
