package org.streamtranslate.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Exports a training checkpoint as a SavedModel for serving: the serving graph with the checkpoint's weights, the
 * vocabularies, the model configuration and a metadata file in {@code assets/}. Adam's moment variables are not part
 * of the serving graph, so they are left out of the export.
 */
public final class ModelExporter {

    /** Default encoder unroll length when serving raw text, longer than any training sentence. */
    public static final int DEFAULT_SERVING_MAX_SOURCE_TOKENS = 40;

    private ModelExporter() {
    }

    /**
     * Writes the SavedModel.
     *
     * @param runFolder a trainer output folder: {@code model-config.json}, {@code vocab.en}, {@code vocab.ja}
     * @param checkpoint checkpoint prefix, for example {@code RUN/checkpoints/best/checkpoint}
     * @param exportFolder new or empty folder for the SavedModel
     * @param metadata version, training data, metrics and other facts stored as {@code assets/metadata.json}
     * @param servingMaxSourceTokens longest English input in tokens the export accepts
     */
    public static void export(Path runFolder, Path checkpoint, Path exportFolder, Map<String, Object> metadata,
                              int servingMaxSourceTokens) throws IOException {
        ModelConfig config = ModelFiles.readConfig(runFolder.resolve(ModelFiles.CONFIG_FILE))
                .withMaxSourceTokens(servingMaxSourceTokens);
        if (Files.exists(exportFolder)) {
            try (var entries = Files.list(exportFolder)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("Export folder " + exportFolder
                            + " is not empty; remove it or choose another");
                }
            }
        }
        try (Graph graph = new Graph()) {
            ServingGraph serving = new ServingGraph(graph, config);
            try (Session session = new Session(graph)) {
                session.restore(checkpoint.toString());
                List<SessionFunction> functions = new ArrayList<>();
                for (Signature signature : serving.signatures()) {
                    functions.add(SessionFunction.create(signature, session));
                }
                SavedModelBundle.exporter(exportFolder.toString())
                        .withSession(session)
                        .withFunctions(functions.toArray(new SessionFunction[0]))
                        .export();
            }
        }
        Path assets = exportFolder.resolve(ModelFiles.ASSETS_FOLDER);
        Files.createDirectories(assets);
        for (String file : List.of(ModelFiles.ENGLISH_VOCABULARY_FILE, ModelFiles.JAPANESE_VOCABULARY_FILE)) {
            Files.copy(runFolder.resolve(file), assets.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        ModelFiles.writeConfig(assets.resolve(ModelFiles.CONFIG_FILE), config);
        ModelFiles.writeJson(assets.resolve(ModelFiles.METADATA_FILE), metadata);
    }
}
