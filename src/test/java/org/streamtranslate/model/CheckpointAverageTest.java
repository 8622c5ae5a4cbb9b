package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class CheckpointAverageTest {

    private static final ModelConfig TINY = new ModelConfig(ModelVariant.ATTENTION, 20, 20, 8, 8, 4, 5, 6, 6);

    @Test
    void shouldWriteElementwiseMean(@TempDir Path folder) throws Exception {
        Path first = trainingCheckpoint(folder.resolve("first"), 1L);
        Path second = trainingCheckpoint(folder.resolve("second"), 2L);
        Path third = trainingCheckpoint(folder.resolve("third"), 3L);
        Path averaged = Files.createDirectories(folder.resolve("mean")).resolve("checkpoint");

        CheckpointAverage.write(TINY, List.of(first, second, third), averaged);

        Map<String, float[]> a = read(first);
        Map<String, float[]> b = read(second);
        Map<String, float[]> c = read(third);
        Map<String, float[]> mean = read(averaged);
        for (String name : mean.keySet()) {
            float[] expected = new float[a.get(name).length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (a.get(name)[i] + b.get(name)[i] + c.get(name)[i]) / 3;
            }
            assertArrayEquals(expected, mean.get(name), 1e-6f, name);
        }
        assertFalse(Arrays.equals(a.get("output_weights"), mean.get("output_weights")), "the mean equals one input");
    }

    @Test
    void shouldRejectEmptyList(@TempDir Path folder) {
        assertThrows(IllegalArgumentException.class,
                () -> CheckpointAverage.write(TINY, List.of(), folder.resolve("checkpoint")));
    }

    /** Writes a training checkpoint, Adam moments included, with weights drawn from {@code seed}. */
    private static Path trainingCheckpoint(Path folder, long seed) throws Exception {
        Files.createDirectories(folder);
        Path prefix = folder.resolve("checkpoint");
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            new TrainingGraph(graph, TINY).initialize(session, seed);
            session.save(prefix.toString());
        }
        return prefix;
    }

    private static Map<String, float[]> read(Path checkpoint) {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            ModelVariables weights = new ModelVariables(org.tensorflow.op.Ops.create(graph), TINY);
            session.restore(checkpoint.toString());
            for (String name : weights.all().keySet()) {
                float[] value = new float[(int) weights.shape(name).size()];
                try (Result result = session.runner().fetch(name).run()) {
                    ((TFloat32) result.get(0)).copyTo(DataBuffers.of(value, false, false));
                }
                values.put(name, value);
            }
        }
        return values;
    }
}
