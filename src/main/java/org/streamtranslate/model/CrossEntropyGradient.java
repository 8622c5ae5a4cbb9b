package org.streamtranslate.model;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.family.TNumber;

/**
 * Registers the gradient of {@code SparseSoftmaxCrossEntropyWithLogits}, which TensorFlow's C++ gradient registry
 * (the one TF Java's graph gradients use) lacks.
 *
 * <p>The op already returns softmax(logits) − onehot(labels) as its second output, so the gradient with respect to
 * the logits is that output scaled by the incoming gradient of the loss. Labels are integers and get a zero gradient:
 * TF Java requires a tensor there, never {@code null}.
 */
public final class CrossEntropyGradient {

    private static boolean registered;

    private CrossEntropyGradient() {
    }

    /** Registers the gradient once per JVM; later calls do nothing. */
    public static synchronized void register() {
        if (registered) {
            return;
        }
        boolean accepted = TensorFlow.registerCustomGradient(SparseSoftmaxCrossEntropyWithLogits.Inputs.class,
                (tf, op, gradients) -> {
                    Operand<?> backprop = ((SparseSoftmaxCrossEntropyWithLogits<?>) op.getOutputs()).backprop();
                    Operand lossGradient = tf.expandDims((Operand) gradients.get(0), tf.constant(-1));
                    Operand<?> logitsGradient = tf.math.mul(lossGradient, (Operand) backprop);
                    Operand<? extends TNumber> labels = op.labels;
                    return List.of(logitsGradient, tf.zerosLike(labels));
                });
        if (!accepted) {
            throw new IllegalStateException("TensorFlow rejected the SparseSoftmaxCrossEntropyWithLogits gradient: "
                    + "a gradient for it is already registered in this process");
        }
        registered = true;
    }
}
