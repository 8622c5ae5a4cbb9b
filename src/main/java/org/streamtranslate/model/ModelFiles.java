package org.streamtranslate.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * File names and JSON helpers shared by the trainer, the exporter and the serving code, so that each side reads
 * what the other wrote.
 */
public final class ModelFiles {

    public static final String CONFIG_FILE = "model-config.json";
    public static final String OPTIONS_FILE = "training-options.json";
    public static final String METADATA_FILE = "metadata.json";
    public static final String ENGLISH_VOCABULARY_FILE = "vocab.en";
    public static final String JAPANESE_VOCABULARY_FILE = "vocab.ja";
    /** The SavedModel folder for extra files: vocabularies and metadata. */
    public static final String ASSETS_FOLDER = "assets";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    public static void writeConfig(Path file, ModelConfig config) throws IOException {
        JSON.writeValue(file.toFile(), config);
    }

    public static ModelConfig readConfig(Path file) {
        try {
            return JSON.readValue(file.toFile(), ModelConfig.class);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read the model configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a record's components as a JSON object, paths as plain strings. */
    public static void writeOptions(Path file, Record options) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (var component : options.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(options);
                values.put(component.getName(), value instanceof Path || value instanceof Enum<?>
                        ? value.toString() : value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read record component " + component.getName(), e);
            }
        }
        JSON.writeValue(file.toFile(), values);
    }

    public static Map<String, Object> readJsonObject(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = JSON.readValue(file.toFile(), Map.class);
            return values;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), value);
    }
}
