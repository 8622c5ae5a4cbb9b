package org.streamtranslate.registry.dev;

import java.util.List;

/** Error response of the dev registry, with the HTTP status and the error code that Confluent's API documents. */
final class RegistryError extends RuntimeException {

    private final int status;
    private final int errorCode;

    RegistryError(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    RegistryError(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, int version) {
        return new RegistryError(404, 40402, "Version " + version + " not found in subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String detail) {
        return new RegistryError(404, 40403, "Schema not found: " + detail + ".");
    }

    static RegistryError subjectNotSoftDeleted(String subject) {
        return new RegistryError(404, 40405, "Subject '" + subject + "' was not deleted first before being"
                + " permanently deleted; delete it without permanent=true first.");
    }

    static RegistryError subjectLevelNotConfigured(String subject) {
        return new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility"
                + " configured; add defaultToGlobal=true to read the global level.");
    }

    static RegistryError incompatible(String subject, List<String> problems) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for"
                + " subject '" + subject + "', details: " + problems);
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id."
                + " Allowed values are between [1, 2^31-1] and the string \"latest\".");
    }

    static RegistryError invalidCompatibilityLevel(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are NONE,"
                + " BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE.");
    }

    static RegistryError notFound(String method, List<String> segments) {
        return new RegistryError(404, 404, "HTTP 404 Not Found: no endpoint " + method + " /"
                + String.join("/", segments));
    }

    static RegistryError methodNotAllowed(String method, List<String> segments) {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed: " + method + " /"
                + String.join("/", segments));
    }

    static RegistryError backendStore(Throwable cause) {
        return new RegistryError(500, 50001, "Error in the backend data store: " + cause.getMessage()
                + ". Check that the Kafka broker is reachable.", cause);
    }
}
