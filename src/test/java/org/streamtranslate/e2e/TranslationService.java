package org.streamtranslate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real application, as {@code Application.main} configures it but without the HTTP server, against a
 * broker and schema registry that the test started. The {@code Translator} bean is the production one, so the model
 * in {@code modelPath} is loaded and used.
 */
final class TranslationService {

    /** The model the service ships with; a later export in the same format may replace it. */
    static final Path DEFAULT_MODEL = Path.of("models", "default").toAbsolutePath();

    /** The 1 MB test model, which loads in under a second but only translates its 200 training sentences. */
    static final Path TINY_MODEL = Path.of("src", "test", "resources", "tiny-model").toAbsolutePath();

    private TranslationService() {
    }

    /**
     * Starts the application and returns once its beans are created. Kafka Streams is then starting in the
     * background, so the first translations may take a few seconds more.
     *
     * @param applicationId Kafka Streams application id; reuse it to restart the same service
     * @param stateDir Kafka Streams state directory of this instance
     * @param extraProperties further properties, which override the others
     */
    static ApplicationContext start(String bootstrapServers, String registryUrl, ServiceTopics topics,
                                    String applicationId, Path stateDir, Path modelPath,
                                    Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", bootstrapServers);
        properties.put("kafka.streams.default.application.id", applicationId);
        properties.put("kafka.streams.default.state.dir", stateDir.toString());
        properties.put("schema-registry.url", registryUrl);
        properties.put("translator.model-path", modelPath.toString());
        properties.putAll(topics.serviceProperties());
        properties.putAll(extraProperties);
        return ApplicationContext.builder().properties(properties).start();
    }

    /** Reads the model's maximum source length in tokens from its {@code assets/model-config.json}. */
    static int maxSourceTokens(Path modelPath) {
        return readAsset(modelPath, "model-config.json").path("maxSourceTokens").asInt();
    }

    /** Reads the model version from the model's {@code assets/metadata.json}, independently of the service. */
    static String modelVersion(Path modelPath) {
        return readAsset(modelPath, "metadata.json").path("version").asText();
    }

    private static JsonNode readAsset(Path modelPath, String name) {
        Path asset = modelPath.resolve("assets").resolve(name);
        try {
            return new ObjectMapper().readTree(Files.readString(asset));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the model asset " + asset, e);
        }
    }
}
