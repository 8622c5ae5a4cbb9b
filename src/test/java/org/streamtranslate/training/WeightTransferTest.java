package org.streamtranslate.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.model.ModelConfig;
import org.streamtranslate.model.ModelExporter;
import org.streamtranslate.model.ModelFiles;
import org.streamtranslate.model.ModelLoadException;
import org.streamtranslate.model.ModelVariables;
import org.streamtranslate.model.TestModels;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class WeightTransferTest {

    private static final Path TINY_MODEL = TestModels.TINY_MODEL;

    @Test
    void shouldCopyEveryWeightOfSavedModel() {
        ModelConfig config = tinyConfig();

        try (Graph graph = new Graph(); Session session = new Session(graph);
             SavedModelBundle source = SavedModelBundle.load(TINY_MODEL.toString(), SavedModelBundle.DEFAULT_TAG)) {
            ModelVariables weights = new ModelVariables(Ops.create(graph), config);
            weights.initialize(session, 1L);
            WeightTransfer.copyFromSavedModel(TINY_MODEL, 0, session, weights);

            for (String name : weights.all().keySet()) {
                assertArrayEquals(values(source.session(), name), values(session, name), name);
            }
        }
    }

    @Test
    void shouldCopyChosenMemberOfEnsemble(@TempDir Path folder) throws Exception {
        Path random = TestModels.exportRandomModel(folder.resolve("run"), folder.resolve("random"), 9L);
        Path ensemble = folder.resolve("ensemble");
        ModelExporter.exportEnsemble(List.of(TINY_MODEL, random), ensemble, Map.of("version", "pair"));

        try (Graph graph = new Graph(); Session session = new Session(graph);
             SavedModelBundle tiny = SavedModelBundle.load(TINY_MODEL.toString(), SavedModelBundle.DEFAULT_TAG);
             SavedModelBundle second = SavedModelBundle.load(random.toString(), SavedModelBundle.DEFAULT_TAG)) {
            ModelVariables weights = new ModelVariables(Ops.create(graph), tinyConfig());
            weights.initialize(session, 1L);

            WeightTransfer.copyFromSavedModel(ensemble, 2, session, weights);
            assertArrayEquals(values(second.session(), "output_weights"), values(session, "output_weights"));
            WeightTransfer.copyFromSavedModel(ensemble, 1, session, weights);
            assertArrayEquals(values(tiny.session(), "output_weights"), values(session, "output_weights"));
        }
    }

    @Test
    void shouldRejectEnsembleWithoutMember(@TempDir Path folder) throws Exception {
        Path ensemble = folder.resolve("ensemble");
        ModelExporter.exportEnsemble(List.of(TINY_MODEL, TINY_MODEL), ensemble, Map.of("version", "pair"));

        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            ModelVariables weights = new ModelVariables(Ops.create(graph), tinyConfig());
            ModelLoadException error = assertThrows(ModelLoadException.class,
                    () -> WeightTransfer.copyFromSavedModel(ensemble, 0, session, weights));

            assertEquals("The model in " + ensemble + " is an ensemble of 2 models; choose the member to fine-tune "
                    + "with --init-member 1 to 2, got 0", error.getMessage());
        }
    }

    private static ModelConfig tinyConfig() {
        return ModelFiles.readConfig(TINY_MODEL.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.CONFIG_FILE));
    }

    private static float[] values(Session session, String name) {
        try (Result result = session.runner().fetch(name).run()) {
            TFloat32 value = (TFloat32) result.get(0);
            float[] copy = new float[(int) value.shape().size()];
            value.copyTo(DataBuffers.of(copy, false, false));
            return copy;
        }
    }
}
