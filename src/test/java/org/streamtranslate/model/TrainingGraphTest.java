package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class TrainingGraphTest {

    private static final ModelConfig TINY = new ModelConfig(ModelVariant.ATTENTION, 20, 20, 8, 8, 4, 5, 6, 6);
    /** Two sentence pairs padded to the tiny unroll lengths: 2 is the start id, 3 the end id. */
    private static final int[][] SOURCE = {{4, 5, 6, 0, 0}, {7, 8, 0, 0, 0}};
    private static final int[][] TARGET_INPUT = {{2, 9, 10, 0, 0, 0}, {2, 11, 0, 0, 0, 0}};
    private static final int[][] TARGET_OUTPUT = {{9, 10, 3, 0, 0, 0}, {11, 3, 0, 0, 0, 0}};

    @ParameterizedTest
    @EnumSource(ModelVariant.class)
    void shouldBuildAndLowerLossForEveryVariant(ModelVariant variant) {
        ModelConfig config = new ModelConfig(variant, 20, 20, 8, 8, 4, 5, 6, 6);

        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            TrainingGraph model = new TrainingGraph(graph, config);
            model.initialize(session, 7L);
            float first = step(session, model, 1);
            float last = first;
            for (int step = 2; step <= 30; step++) {
                last = step(session, model, step);
            }

            assertTrue(Float.isFinite(first), "first loss " + first);
            assertTrue(last < first, variant + ": loss should fall from " + first + " but was " + last);
        }
    }

    @ParameterizedTest
    @EnumSource(ModelVariant.class)
    void shouldCreateLogVarianceOnlyForVariationalVariants(ModelVariant variant) {
        try (Graph graph = new Graph()) {
            ModelVariables weights = new ModelVariables(org.tensorflow.op.Ops.create(graph),
                    new ModelConfig(variant, TINY.sourceVocabularySize(), TINY.targetVocabularySize(), 8, 8, 4, 5, 6,
                            6));

            assertEquals(variant.variational(), weights.all().containsKey("log_variance_weights"));
            assertEquals(variant.attention(), weights.all().containsKey("attention_weights"));
        }
    }

    @Test
    void shouldSmoothLabelsLinearlyInEpsilon() {
        ModelConfig config = new ModelConfig(ModelVariant.PLAIN, 20, 20, 8, 8, 4, 5, 6, 6);

        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            TrainingGraph model = new TrainingGraph(graph, config);
            model.initialize(session, 7L);
            float[] none = losses(session, model, 0f);
            float[] half = losses(session, model, 0.5f);
            float[] full = losses(session, model, 1f);

            assertEquals(none[1], none[0], 1e-5f, "without smoothing the loss is the cross-entropy");
            assertEquals(none[1], full[1], 1e-5f, "the reported cross-entropy ignores smoothing");
            assertEquals((none[0] + full[0]) / 2, half[0], 1e-4f, "the loss is linear in ε");
            // 5 real target tokens over 2 sentences; the mean of −log p over 20 ids is at least log 20.
            assertTrue(full[0] >= 2.5 * Math.log(20) - 1e-4, "uniform cross-entropy too low: " + full[0]);
            assertTrue(Math.abs(full[0] - none[0]) > 1e-3, "smoothing had no effect");
        }
    }

    /** Loss and reference cross-entropy without a training step, at label smoothing {@code epsilon}. */
    private static float[] losses(Session session, TrainingGraph model, float epsilon) {
        return run(session, model, epsilon, 0);
    }

    /** One Adam step without label smoothing, returning the loss before the update. */
    private static float step(Session session, TrainingGraph model, int step) {
        return run(session, model, 0f, step)[0];
    }

    /** Fetches the loss and the reference cross-entropy, and runs Adam step {@code step} unless it is 0. */
    private static float[] run(Session session, TrainingGraph model, float epsilon, int step) {
        int rows = SOURCE.length;
        ModelConfig config = model.config();
        try (TInt32 sourceTensor = TInt32.tensorOf(StdArrays.ndCopyOf(SOURCE));
             TInt32 inputTensor = TInt32.tensorOf(StdArrays.ndCopyOf(TARGET_INPUT));
             TInt32 outputTensor = TInt32.tensorOf(StdArrays.ndCopyOf(TARGET_OUTPUT));
             TFloat32 noise = filled(Shape.of(rows, config.latentSize()), 0f);
             TFloat32 sourceMask = filled(Shape.of(rows, config.maxSourceTokens(), config.embeddingSize()), 1f);
             TFloat32 outputMask = filled(Shape.of(rows, config.maxTargetTokens(), config.hiddenSize()), 1f);
             TFloat32 smoothing = TFloat32.scalarOf(epsilon);
             TFloat32 klWeight = TFloat32.scalarOf(0.1f);
             TFloat32 freeBits = TFloat32.scalarOf(0f);
             TFloat32 learningRate = TFloat32.scalarOf(0.01f);
             TFloat32 beta1Power = TFloat32.scalarOf((float) Math.pow(0.9, step));
             TFloat32 beta2Power = TFloat32.scalarOf((float) Math.pow(0.999, step))) {
            Session.Runner runner = session.runner()
                    .feed(model.source, sourceTensor).feed(model.targetInput, inputTensor)
                    .feed(model.targetOutput, outputTensor).feed(model.noise, noise)
                    .feed(model.sourceDropoutMask, sourceMask).feed(model.outputDropoutMask, outputMask)
                    .feed(model.labelSmoothing, smoothing)
                    .feed(model.klWeight, klWeight).feed(model.freeBits, freeBits)
                    .fetch(model.loss).fetch(model.reconstruction);
            if (step > 0) {
                runner.feed(model.learningRate, learningRate).feed(model.beta1Power, beta1Power)
                        .feed(model.beta2Power, beta2Power).addTarget(model.train);
            }
            try (Result result = runner.run()) {
                return new float[] {((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()};
            }
        }
    }

    /** Builds a tensor with every entry set; TFloat32.tensorOf(shape) alone leaves the memory uninitialised. */
    private static TFloat32 filled(Shape shape, float value) {
        float[] values = new float[(int) shape.size()];
        java.util.Arrays.fill(values, value);
        return TFloat32.tensorOf(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(values, true, false));
    }
}
