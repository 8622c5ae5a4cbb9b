package org.streamtranslate.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Session;

/** Models for tests that need more than the tiny test model in {@code src/test/resources/tiny-model}. */
public final class TestModels {

    public static final Path TINY_MODEL = Path.of("src/test/resources/tiny-model");

    private TestModels() {
    }

    /** Exports a model with the tiny model's sizes and vocabularies and weights drawn from {@code seed}. */
    public static Path exportRandomModel(Path run, Path export, long seed) throws Exception {
        Path tinyAssets = TINY_MODEL.resolve(ModelFiles.ASSETS_FOLDER);
        ModelConfig config = ModelFiles.readConfig(tinyAssets.resolve(ModelFiles.CONFIG_FILE));
        Files.createDirectories(run);
        for (String file : List.of(ModelFiles.ENGLISH_VOCABULARY_FILE, ModelFiles.JAPANESE_VOCABULARY_FILE)) {
            Files.copy(tinyAssets.resolve(file), run.resolve(file));
        }
        ModelFiles.writeConfig(run.resolve(ModelFiles.CONFIG_FILE), config);
        Path checkpoint = Files.createDirectories(run.resolve("checkpoint")).resolve("checkpoint");
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            new ModelVariables(org.tensorflow.op.Ops.create(graph), config).initialize(session, seed);
            session.save(checkpoint.toString());
        }
        ModelExporter.export(run, checkpoint, export, Map.of("version", "random-" + seed),
                config.maxSourceTokens());
        return export;
    }
}
