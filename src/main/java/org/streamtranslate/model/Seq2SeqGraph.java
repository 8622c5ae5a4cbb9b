package org.streamtranslate.model;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the encoder and the decoder step of the VAE seq2seq model into a graph, statically unrolled, for the
 * training graph, the greedy serving graph and the one-step beam-search signature alike.
 *
 * <p>The encoder is a bidirectional GRU (Cho et al. 2014) over the source embeddings. Its two final states, side by
 * side, go through two separate dense layers to μ and log σ². The decoder is a GRU whose initial state is
 * tanh(W·z + b) and whose input at every step is the previous target embedding, z and the previous attentional output
 * (input feeding, Luong et al. 2015). The attention variant scores encoder states with Luong's general score
 * hᵀ·W·s. Its output layer combines the GRU state, the attention context and z, as in variational NMT (Zhang et al.
 * 2016). Static unrolling is deliberate: TensorFlow's While and If ops have no gradients in the C API that TF Java
 * uses.
 */
public final class Seq2SeqGraph {

    /** Additive attention bias for padded source positions; large enough that softmax gives them zero weight. */
    private static final float MASKED_SCORE = -1e9f;

    private final Ops tf;
    private final ModelVariables weights;
    private final ModelConfig config;

    public Seq2SeqGraph(Ops tf, ModelVariables weights) {
        this(tf, weights, weights.config());
    }

    /** Builds with the weights' sizes but another configuration's unroll lengths, sharing the same variables. */
    public Seq2SeqGraph(Ops tf, ModelVariables weights, ModelConfig unrollConfig) {
        this.tf = tf;
        this.weights = weights;
        this.config = unrollConfig;
    }

    /**
     * The encoder's view of a batch of sources.
     *
     * @param states encoder states, {@code [batch, maxSourceTokens, 2·hidden]}
     * @param maskBias 0 for real tokens, a large negative number for padding, {@code [batch, maxSourceTokens]}
     * @param mean μ, {@code [batch, latent]}
     * @param logVariance log σ², {@code [batch, latent]}
     */
    public record Encoding(Operand<TFloat32> states, Operand<TFloat32> maskBias, Operand<TFloat32> mean,
                           Operand<TFloat32> logVariance) {
    }

    /**
     * The decoder's state after a step.
     *
     * @param hidden GRU state, {@code [batch, hidden]}
     * @param output attentional output fed to the next step and to the softmax layer, {@code [batch, hidden]}
     */
    public record DecoderState(Operand<TFloat32> hidden, Operand<TFloat32> output) {
    }

    /**
     * Encodes token ids padded with 0 to exactly {@code maxSourceTokens} columns.
     *
     * @param sourceIds {@code [batch, maxSourceTokens]} int32
     */
    public Encoding encode(Operand<TInt32> sourceIds) {
        return encode(sourceIds, null);
    }

    /**
     * Encodes token ids, multiplying the source embeddings by a dropout mask in training.
     *
     * @param sourceIds {@code [batch, maxSourceTokens]} int32
     * @param embeddingMask inverted-dropout mask, {@code [batch, maxSourceTokens, embedding]}, or {@code null}
     */
    public Encoding encode(Operand<TInt32> sourceIds, Operand<TFloat32> embeddingMask) {
        int steps = config.maxSourceTokens();
        Operand<TFloat32> mask = tf.dtypes.cast(tf.math.notEqual(sourceIds, tf.constant(0)), TFloat32.class);
        Operand<TFloat32> embedded = tf.gather(weights.get("source_embedding"), sourceIds, tf.constant(0));
        if (embeddingMask != null) {
            embedded = tf.math.mul(embedded, embeddingMask);
        }
        Operand<TFloat32> flat = tf.reshape(embedded, tf.constant(new int[] {-1, config.embeddingSize()}));
        List<Operand<TFloat32>> stepMasks = unstackSteps(tf.expandDims(mask, tf.constant(2)), steps);

        List<Operand<TFloat32>> forward = runEncoderDirection("encoder_forward", flat, stepMasks, false);
        List<Operand<TFloat32>> backward = runEncoderDirection("encoder_backward", flat, stepMasks, true);
        List<Operand<TFloat32>> combined = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            combined.add(tf.concat(List.of(forward.get(t), backward.get(t)), tf.constant(1)));
        }
        Operand<TFloat32> states = tf.stack(combined, org.tensorflow.op.core.Stack.axis(1L));

        // The final forward state is the one at the last real token, because padded steps keep the state. The final
        // backward state is the one after reading the first token.
        Operand<TFloat32> summary = tf.concat(List.of(forward.get(steps - 1), backward.get(0)), tf.constant(1));
        Operand<TFloat32> mean = dense(summary, "mean_weights", "mean_bias");
        // Without sampling, σ² is 0 in effect; zeros keep the outputs' shapes for the KL statistics.
        Operand<TFloat32> logVariance = config.variant().variational()
                ? dense(summary, "log_variance_weights", "log_variance_bias")
                : tf.zerosLike(mean);
        Operand<TFloat32> maskBias = tf.math.mul(tf.math.sub(tf.constant(1f), mask), tf.constant(MASKED_SCORE));
        return new Encoding(states, maskBias, mean, logVariance);
    }

    private List<Operand<TFloat32>> runEncoderDirection(String prefix, Operand<TFloat32> flatEmbeddings,
                                                        List<Operand<TFloat32>> stepMasks, boolean reverse) {
        int steps = config.maxSourceTokens();
        int hidden = config.hiddenSize();
        Operand<TFloat32> projected = tf.math.add(
                tf.linalg.matMul(flatEmbeddings, weights.get(prefix + "_input_weights")), weights.get(prefix + "_bias"));
        List<Operand<TFloat32>> inputs = unstackSteps(
                tf.reshape(projected, tf.constant(new int[] {-1, steps, 3 * hidden})), steps);

        Operand<TFloat32> state = zeroState(inputs.get(0), hidden);
        Operand<TFloat32>[] outputs = newOperandArray(steps);
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            Operand<TFloat32> next = gru(inputs.get(t), tf.linalg.matMul(state, weights.get(prefix + "_state_weights")),
                    state);
            // Padded steps keep the previous state: state + mask·(next − state).
            state = tf.math.add(state, tf.math.mul(stepMasks.get(t), tf.math.sub(next, state)));
            outputs[t] = state;
        }
        return List.of(outputs);
    }

    /** Initial decoder state from z: tanh(W·z + b), {@code [batch, hidden]}. */
    public DecoderState initialState(Operand<TFloat32> latent) {
        Operand<TFloat32> hidden = tf.math.tanh(dense(latent, "decoder_init_weights", "decoder_init_bias"));
        return new DecoderState(hidden, tf.zerosLike(hidden));
    }

    /** Projects z once for all decoder steps, {@code [batch, 3·hidden]}. */
    public Operand<TFloat32> latentInput(Operand<TFloat32> latent) {
        return tf.math.add(tf.linalg.matMul(latent, weights.get("decoder_latent_weights")),
                weights.get("decoder_bias"));
    }

    /** Projects target embeddings to the decoder GRU's input gates, {@code [..., 3·hidden]} from {@code [..., embedding]}. */
    public Operand<TFloat32> embeddingInput(Operand<TFloat32> flatEmbeddings) {
        return tf.linalg.matMul(flatEmbeddings, weights.get("decoder_embedding_weights"));
    }

    /** Looks up target embeddings, {@code [batch, embedding]} from {@code [batch]} ids. */
    public Operand<TFloat32> targetEmbedding(Operand<TInt32> ids) {
        return tf.gather(weights.get("target_embedding"), ids, tf.constant(0));
    }

    /**
     * One decoder step.
     *
     * @param embeddingInput the previous token's projected embedding, {@code [batch, 3·hidden]}
     * @param latentInput z projected by {@link #latentInput}, {@code [batch, 3·hidden]}
     * @param latent z, {@code [batch, latent]}
     * @param previous the state after the previous step
     * @param encoding the encoder states and mask; only read by the attention variant
     */
    public DecoderState decodeStep(Operand<TFloat32> embeddingInput, Operand<TFloat32> latentInput,
                                   Operand<TFloat32> latent, DecoderState previous, Encoding encoding) {
        Operand<TFloat32> gateInputs = tf.math.add(tf.math.add(embeddingInput, latentInput),
                tf.linalg.matMul(previous.output(), weights.get("decoder_feed_weights")));
        Operand<TFloat32> hidden = gru(gateInputs,
                tf.linalg.matMul(previous.hidden(), weights.get("decoder_state_weights")), previous.hidden());

        List<Operand<TFloat32>> combineInputs = new ArrayList<>(List.of(hidden, latent));
        if (config.variant().attention()) {
            combineInputs.add(attend(hidden, encoding));
        }
        Operand<TFloat32> output = tf.math.tanh(
                dense(tf.concat(combineInputs, tf.constant(1)), "combine_weights", "combine_bias"));
        return new DecoderState(hidden, output);
    }

    /** Output-layer logits, {@code [rows, targetVocabulary]} from {@code [rows, hidden]}. */
    public Operand<TFloat32> logits(Operand<TFloat32> outputs) {
        return dense(outputs, "output_weights", "output_bias");
    }

    private Operand<TFloat32> attend(Operand<TFloat32> hidden, Encoding encoding) {
        Operand<TFloat32> query = tf.linalg.matMul(hidden, weights.get("attention_weights"));
        Operand<TFloat32> scores = tf.math.add(
                tf.sum(tf.math.mul(encoding.states(), tf.expandDims(query, tf.constant(1))), tf.constant(2)),
                encoding.maskBias());
        Operand<TFloat32> alignment = tf.nn.softmax(scores);
        return tf.sum(tf.math.mul(encoding.states(), tf.expandDims(alignment, tf.constant(2))), tf.constant(1));
    }

    /**
     * Computes a GRU update, with the reset gate applied after the state projection.
     *
     * @param inputGates W·x + b for the reset, update and candidate gates, {@code [batch, 3·hidden]}
     * @param stateGates U·h for the same gates, {@code [batch, 3·hidden]}
     * @param state h, {@code [batch, hidden]}
     */
    private Operand<TFloat32> gru(Operand<TFloat32> inputGates, Operand<TFloat32> stateGates, Operand<TFloat32> state) {
        Split<TFloat32> x = tf.split(tf.constant(1), inputGates, 3L);
        Split<TFloat32> h = tf.split(tf.constant(1), stateGates, 3L);
        Operand<TFloat32> reset = tf.math.sigmoid(tf.math.add(x.output().get(0), h.output().get(0)));
        Operand<TFloat32> update = tf.math.sigmoid(tf.math.add(x.output().get(1), h.output().get(1)));
        Operand<TFloat32> candidate = tf.math.tanh(tf.math.add(x.output().get(2), tf.math.mul(reset, h.output().get(2))));
        // h' = update·h + (1 − update)·candidate, written with one multiplication.
        return tf.math.add(candidate, tf.math.mul(update, tf.math.sub(state, candidate)));
    }

    private Operand<TFloat32> dense(Operand<TFloat32> input, String weightsName, String biasName) {
        return tf.math.add(tf.linalg.matMul(input, weights.get(weightsName)), weights.get(biasName));
    }

    private Operand<TFloat32> zeroState(Operand<TFloat32> like, int width) {
        Operand<TInt32> batch = tf.stridedSlice(tf.shape(like), tf.constant(new int[] {0}), tf.constant(new int[] {1}),
                tf.constant(new int[] {1}));
        return tf.zeros(tf.concat(List.of(batch, tf.constant(new int[] {width})), tf.constant(0)), TFloat32.class);
    }

    /** Splits {@code [batch, steps, ...]} into {@code steps} tensors of {@code [batch, ...]}. */
    public List<Operand<TFloat32>> unstackSteps(Operand<TFloat32> sequence, int steps) {
        return new ArrayList<>(tf.unstack(sequence, (long) steps, org.tensorflow.op.core.Unstack.axis(1L)).output());
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32>[] newOperandArray(int size) {
        return (Operand<TFloat32>[]) new Operand[size];
    }
}
