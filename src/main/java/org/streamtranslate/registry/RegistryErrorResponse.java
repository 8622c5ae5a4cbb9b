package org.streamtranslate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps error responses of the Confluent REST API ({@code {"error_code": 40401, "message": "..."}}) to
 * {@link SchemaRegistryException} kinds, with advice on what to do.
 */
final class RegistryErrorResponse {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryErrorResponse.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryErrorResponse() {
    }

    /**
     * Converts a 3xx or 4xx response into an exception whose kind depends on the error code and the call.
     *
     * @param target the subject or schema id of the request, for the message
     */
    static SchemaRegistryException toException(int status, String responseBody, URI uri,
            RegistryOperation operation, String target) {
        int errorCode = status;
        String message = HttpSchemaRegistryClient.abbreviate(responseBody);
        try {
            JsonNode body = JSON.readTree(responseBody);
            if (body != null && body.path("error_code").isInt()) {
                errorCode = body.get("error_code").intValue();
            }
            if (body != null && body.path("message").isTextual()) {
                message = body.get("message").textValue();
            }
        } catch (JsonProcessingException e) {
            LOG.debug("Schema registry error body is not JSON url={} status={}", uri, status);
        }

        SchemaRegistryException.Kind kind = errorKind(status, errorCode, operation);
        String sentence = message.endsWith(".") ? message : message + ".";
        return new SchemaRegistryException(kind, "Schema registry " + uri + " rejected request for " + target
                + " with HTTP " + status + " error_code " + errorCode + ": " + sentence + " " + advice(kind));
    }

    private static SchemaRegistryException.Kind errorKind(int status, int errorCode, RegistryOperation operation) {
        if (errorCode == 40401 || errorCode == 40402) {
            return SchemaRegistryException.Kind.SUBJECT_NOT_FOUND;
        }
        if (errorCode == 40403 || status == 404) {
            return switch (operation) {
                case SCHEMA_BY_ID -> SchemaRegistryException.Kind.UNKNOWN_SCHEMA_ID;
                case LOOKUP -> SchemaRegistryException.Kind.SCHEMA_NOT_REGISTERED;
                case LATEST, COMPATIBILITY -> SchemaRegistryException.Kind.SUBJECT_NOT_FOUND;
                case REGISTER, PING -> SchemaRegistryException.Kind.UNEXPECTED_RESPONSE;
            };
        }
        if (status == 409) {
            return SchemaRegistryException.Kind.INCOMPATIBLE_SCHEMA;
        }
        if (errorCode == 42201) {
            return SchemaRegistryException.Kind.INVALID_SCHEMA;
        }
        return SchemaRegistryException.Kind.UNEXPECTED_RESPONSE;
    }

    private static String advice(SchemaRegistryException.Kind kind) {
        return switch (kind) {
            case SUBJECT_NOT_FOUND -> "Register a schema under the subject first.";
            case SCHEMA_NOT_REGISTERED -> "Register the schema first, or enable auto.register.schemas.";
            case UNKNOWN_SCHEMA_ID -> "Check that the producer and this consumer use the same schema.registry.url.";
            case INCOMPATIBLE_SCHEMA -> "Make the change compatible, for example give new fields a default,"
                    + " or change the subject's compatibility level.";
            case INVALID_SCHEMA -> "Fix the schema so that it parses as Avro.";
            default -> "Check the registry url and, if the registry requires it, basic.auth.user.info.";
        };
    }
}
