package org.streamtranslate.model;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Greedy decoding unrolled inside the graph, so that a whole batch is translated by one session call.
 *
 * <p>Every step feeds back the most probable token. The unroll always runs {@code maxOutputTokens} steps; the caller
 * cuts each row at its first end token.
 */
final class GreedyDecoder {

    /**
     * Decoded ids and their log-probabilities.
     *
     * @param ids {@code [batch, maxOutputTokens]} int32
     * @param logProbabilities log p of each chosen token, {@code [batch, maxOutputTokens]}
     */
    record Decoded(Operand<TInt32> ids, Operand<TFloat32> logProbabilities) {
    }

    private GreedyDecoder() {
    }

    static Decoded decode(Ops tf, Seq2SeqGraph network, Seq2SeqGraph.Encoding encoding, Operand<TFloat32> latent,
                          int maxOutputTokens, int startId) {
        Operand<TFloat32> latentInput = network.latentInput(latent);
        Seq2SeqGraph.DecoderState state = network.initialState(latent);
        Operand<TInt32> previous = tf.math.add(
                tf.zerosLike(tf.dtypes.cast(tf.sum(latent, tf.constant(1)), TInt32.class)), tf.constant(startId));

        List<Operand<TInt32>> ids = new ArrayList<>();
        List<Operand<TFloat32>> scores = new ArrayList<>();
        for (int t = 0; t < maxOutputTokens; t++) {
            Operand<TFloat32> input = network.embeddingInput(network.targetEmbedding(previous));
            state = network.decodeStep(input, latentInput, latent, state, encoding);
            Operand<TFloat32> logProbabilities = tf.nn.logSoftmax(network.logits(state.output()));
            Operand<TInt64> best = tf.math.argMax(logProbabilities, tf.constant(1));
            previous = tf.dtypes.cast(best, TInt32.class);
            ids.add(previous);
            scores.add(tf.max(logProbabilities, tf.constant(1)));
        }
        return new Decoded(tf.stack(ids, Stack.axis(1L)), tf.stack(scores, Stack.axis(1L)));
    }
}
