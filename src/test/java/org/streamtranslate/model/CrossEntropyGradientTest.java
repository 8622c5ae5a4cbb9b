package org.streamtranslate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class CrossEntropyGradientTest {

    private static final float[][] LOGITS = {{1.0f, 2.0f, 0.5f, -1.0f}, {0.3f, -0.2f, 2.5f, 0.0f}, {0f, 0f, 0f, 0f}};
    private static final int[] LABELS = {1, 2, 3};
    private static final float[] LOSS_WEIGHTS = {1.0f, 2.0f, 0.5f};
    private static final double TOLERANCE = 1e-6;

    @Test
    void shouldMatchDenseCrossEntropyGradient() {
        CrossEntropyGradient.register();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> logits = tf.constant(LOGITS);
            Operand<TFloat32> weights = tf.constant(LOSS_WEIGHTS);
            Operand<TFloat32> sparseLoss = tf.sum(tf.math.mul(weights,
                    tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, tf.constant(LABELS)).loss()), tf.constant(0));
            Operand<TFloat32> oneHot = tf.oneHot(tf.constant(LABELS), tf.constant(4), tf.constant(1f), tf.constant(0f));
            // Dense reference built from ops whose gradients TensorFlow ships: -Σ w·onehot·log_softmax(logits).
            Operand<TFloat32> denseLoss = tf.math.neg(tf.sum(tf.math.mul(tf.expandDims(weights, tf.constant(1)),
                    tf.math.mul(oneHot, tf.nn.logSoftmax(logits))), tf.constant(new int[] {0, 1})));

            Output<?> sparseGradient = graph.addGradients(sparseLoss.asOutput(), new Output<?>[] {logits.asOutput()})[0];
            Output<?> denseGradient = graph.addGradients(denseLoss.asOutput(), new Output<?>[] {logits.asOutput()})[0];

            try (Result result = session.runner().fetch(sparseGradient).fetch(denseGradient).fetch(sparseLoss)
                    .fetch(denseLoss).run()) {
                float[][] sparse = StdArrays.array2dCopyOf((TFloat32) result.get(0));
                float[][] dense = StdArrays.array2dCopyOf((TFloat32) result.get(1));
                assertEquals(((TFloat32) result.get(3)).getFloat(), ((TFloat32) result.get(2)).getFloat(), TOLERANCE);
                for (int row = 0; row < LOGITS.length; row++) {
                    for (int column = 0; column < LOGITS[row].length; column++) {
                        assertEquals(dense[row][column], sparse[row][column], TOLERANCE,
                                "gradient at [" + row + "][" + column + "]");
                        assertEquals(expectedGradient(row, column), sparse[row][column], TOLERANCE,
                                "analytic gradient at [" + row + "][" + column + "]");
                    }
                }
            }
        }
    }

    /** w·(softmax(logits) − onehot(label)), computed in Java. */
    private static double expectedGradient(int row, int column) {
        double sum = 0;
        for (float logit : LOGITS[row]) {
            sum += Math.exp(logit);
        }
        double softmax = Math.exp(LOGITS[row][column]) / sum;
        return LOSS_WEIGHTS[row] * (softmax - (column == LABELS[row] ? 1 : 0));
    }
}
