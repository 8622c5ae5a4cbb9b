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
 * cuts each row at its first end token. For an ensemble every member runs its own decoder and the members'
 * distributions are combined by {@link #combine} before the choice, so all members read the same previous token.
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

    /**
     * Decodes with one model or with the members of an ensemble.
     *
     * @param networks one graph builder per member
     * @param encodings each member's encoding of the same batch; z = μ
     */
    static Decoded decode(Ops tf, List<Seq2SeqGraph> networks, List<Seq2SeqGraph.Encoding> encodings,
                          int maxOutputTokens, int startId) {
        int members = networks.size();
        List<Operand<TFloat32>> latentInputs = new ArrayList<>();
        List<Seq2SeqGraph.DecoderState> states = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            latentInputs.add(networks.get(m).latentInput(encodings.get(m).mean()));
            states.add(networks.get(m).initialState(encodings.get(m).mean()));
        }
        Operand<TFloat32> firstMean = encodings.get(0).mean();
        Operand<TInt32> previous = tf.math.add(
                tf.zerosLike(tf.dtypes.cast(tf.sum(firstMean, tf.constant(1)), TInt32.class)), tf.constant(startId));

        List<Operand<TInt32>> ids = new ArrayList<>();
        List<Operand<TFloat32>> scores = new ArrayList<>();
        for (int t = 0; t < maxOutputTokens; t++) {
            List<Operand<TFloat32>> memberLogProbabilities = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                Seq2SeqGraph network = networks.get(m);
                Seq2SeqGraph.Encoding encoding = encodings.get(m);
                Operand<TFloat32> input = network.embeddingInput(network.targetEmbedding(previous));
                Seq2SeqGraph.DecoderState state = network.decodeStep(input, latentInputs.get(m), encoding.mean(),
                        states.get(m), encoding);
                states.set(m, state);
                memberLogProbabilities.add(tf.nn.logSoftmax(network.logits(state.output())));
            }
            Operand<TFloat32> logProbabilities = combine(tf, memberLogProbabilities);
            Operand<TInt64> best = tf.math.argMax(logProbabilities, tf.constant(1));
            previous = tf.dtypes.cast(best, TInt32.class);
            ids.add(previous);
            scores.add(tf.max(logProbabilities, tf.constant(1)));
        }
        return new Decoded(tf.stack(ids, Stack.axis(1L)), tf.stack(scores, Stack.axis(1L)));
    }

    /**
     * Combines the members' next-token distributions into their normalised geometric mean: the log softmax of the
     * mean of their log-probabilities. A single member's distribution is returned unchanged.
     *
     * @param logProbabilities one {@code [rows, targetVocabulary]} log-softmax per member
     */
    static Operand<TFloat32> combine(Ops tf, List<Operand<TFloat32>> logProbabilities) {
        if (logProbabilities.size() == 1) {
            return logProbabilities.get(0);
        }
        Operand<TFloat32> mean = tf.math.mean(tf.stack(logProbabilities), tf.constant(0));
        return tf.nn.logSoftmax(mean);
    }
}
