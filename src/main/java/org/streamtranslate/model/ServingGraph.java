package org.streamtranslate.model;

import java.util.List;

import org.streamtranslate.text.Vocabulary;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The graph a SavedModel is exported from: only the model weights (no optimizer state) and three signatures.
 *
 * <dl>
 *   <dt>{@code serving_default}</dt>
 *   <dd>Input {@code source_ids}, int32 {@code [batch, tokens]}: English ids padded with 0, at most
 *       {@code maxSourceTokens} columns. Outputs {@code token_ids}, int32 {@code [batch, maxOutputTokens]}: greedy
 *       Japanese ids, each row cut at its first end id (3) by the caller; {@code token_log_probs}, float32, the log
 *       probability of each chosen id; {@code mean} and {@code log_variance}, float32 {@code [batch, latent]}.
 *       z = μ: serving never samples.</dd>
 *   <dt>{@code serving_upto_16}</dt>
 *   <dd>The same as {@code serving_default} for inputs of at most 16 tokens, with a 16-step encoder and a 24-step
 *       decoder instead of the full unroll, so that short sentences, the usual case, cost less.</dd>
 *   <dt>{@code encode}</dt>
 *   <dd>Input {@code source_ids} as above. Outputs {@code encoder_states} {@code [batch, maxSourceTokens, 2·hidden]},
 *       {@code mask_bias} {@code [batch, maxSourceTokens]}, {@code latent} (μ), {@code decoder_hidden} and
 *       {@code decoder_output} {@code [batch, hidden]}: the start of a beam search.</dd>
 *   <dt>{@code decode_step}</dt>
 *   <dd>Inputs {@code previous_ids} int32 {@code [rows]} and {@code decoder_hidden}, {@code decoder_output},
 *       {@code latent}, {@code encoder_states}, {@code mask_bias} for the same rows. Outputs {@code log_probs}
 *       {@code [rows, targetVocabulary]} and the next {@code decoder_hidden} and {@code decoder_output}.</dd>
 * </dl>
 */
public final class ServingGraph {

    public static final String ENCODE_KEY = "encode";
    public static final String DECODE_STEP_KEY = "decode_step";
    /** Prefix of the greedy signatures for short inputs, followed by their source-token limit. */
    public static final String SHORT_INPUT_KEY_PREFIX = "serving_upto_";
    /** Source-token limit of the short-input signature; the training corpus has at most 16 tokens a sentence. */
    public static final int SHORT_INPUT_TOKENS = 16;
    /** Output unroll of the short-input signature: the corpus' longest target (16 words) plus room to spare. */
    public static final int SHORT_INPUT_OUTPUT_TOKENS = 24;

    private final ModelVariables weights;
    private final Signature serving;
    private final Signature shortInputServing;
    private final Signature encode;
    private final Signature decodeStep;

    public ServingGraph(Graph graph, ModelConfig config) {
        Ops tf = Ops.create(graph);
        this.weights = new ModelVariables(tf, config);
        Seq2SeqGraph network = new Seq2SeqGraph(tf, weights);
        int maxSource = config.maxSourceTokens();

        Placeholder<TInt32> sourceIds = tf.withName("source_ids").placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1, -1)));
        Seq2SeqGraph.Encoding encoding = network.encode(padColumns(tf, sourceIds, maxSource));
        serving = greedySignature(tf, network, Signature.DEFAULT_KEY, sourceIds, encoding, config.maxOutputTokens());

        // The unrolled graph costs the same for every input, so short inputs get a shorter unroll of their own.
        int shortTokens = Math.min(SHORT_INPUT_TOKENS, maxSource);
        Placeholder<TInt32> shortSourceIds = tf.withName("short_source_ids").placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1, -1)));
        Seq2SeqGraph shortNetwork = new Seq2SeqGraph(tf, weights, config.withMaxSourceTokens(shortTokens));
        shortInputServing = greedySignature(tf, shortNetwork, SHORT_INPUT_KEY_PREFIX + shortTokens, shortSourceIds,
                shortNetwork.encode(padColumns(tf, shortSourceIds, shortTokens)),
                Math.min(SHORT_INPUT_OUTPUT_TOKENS, config.maxOutputTokens()));

        Seq2SeqGraph.DecoderState start = network.initialState(encoding.mean());
        encode = Signature.builder().key(ENCODE_KEY)
                .input("source_ids", sourceIds)
                .output("encoder_states", encoding.states())
                .output("mask_bias", encoding.maskBias())
                .output("latent", encoding.mean())
                .output("decoder_hidden", start.hidden())
                .output("decoder_output", start.output())
                .build();

        decodeStep = buildDecodeStep(tf, network, config);
    }

    private static Signature greedySignature(Ops tf, Seq2SeqGraph network, String key, Placeholder<TInt32> sourceIds,
                                             Seq2SeqGraph.Encoding encoding, int outputTokens) {
        GreedyDecoder.Decoded decoded = GreedyDecoder.decode(tf, network, encoding, encoding.mean(), outputTokens,
                Vocabulary.START_ID);
        return Signature.builder().key(key)
                .input("source_ids", sourceIds)
                .output("token_ids", decoded.ids())
                .output("token_log_probs", decoded.logProbabilities())
                .output("mean", encoding.mean())
                .output("log_variance", encoding.logVariance())
                .build();
    }

    private static Signature buildDecodeStep(Ops tf, Seq2SeqGraph network, ModelConfig config) {
        int hidden = config.hiddenSize();
        Placeholder<TInt32> previous = tf.withName("previous_ids").placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1)));
        Placeholder<TFloat32> stateHidden = floatInput(tf, "step_decoder_hidden", -1, hidden);
        Placeholder<TFloat32> stateOutput = floatInput(tf, "step_decoder_output", -1, hidden);
        Placeholder<TFloat32> latent = floatInput(tf, "step_latent", -1, config.latentSize());
        Placeholder<TFloat32> states = floatInput(tf, "step_encoder_states", -1, config.maxSourceTokens(),
                config.encoderStateSize());
        Placeholder<TFloat32> maskBias = floatInput(tf, "step_mask_bias", -1, config.maxSourceTokens());

        Seq2SeqGraph.Encoding encoding = new Seq2SeqGraph.Encoding(states, maskBias, latent, latent);
        Seq2SeqGraph.DecoderState next = network.decodeStep(
                network.embeddingInput(network.targetEmbedding(previous)), network.latentInput(latent), latent,
                new Seq2SeqGraph.DecoderState(stateHidden, stateOutput), encoding);
        Operand<TFloat32> logProbabilities = tf.nn.logSoftmax(network.logits(next.output()));
        return Signature.builder().key(DECODE_STEP_KEY)
                .input("previous_ids", previous)
                .input("decoder_hidden", stateHidden)
                .input("decoder_output", stateOutput)
                .input("latent", latent)
                .input("encoder_states", states)
                .input("mask_bias", maskBias)
                .output("log_probs", logProbabilities)
                .output("decoder_hidden", next.hidden())
                .output("decoder_output", next.output())
                .build();
    }

    /** Pads {@code [batch, n]} ids with 0 to {@code [batch, columns]}; fails at run time when n exceeds columns. */
    private static Operand<TInt32> padColumns(Ops tf, Operand<TInt32> ids, int columns) {
        Operand<TInt32> width = tf.stridedSlice(tf.shape(ids), tf.constant(new int[] {1}), tf.constant(new int[] {2}),
                tf.constant(new int[] {1}));
        Operand<TInt32> missing = tf.math.sub(tf.constant(new int[] {columns}), width);
        Operand<TInt32> paddings = tf.reshape(
                tf.concat(List.of(tf.constant(new int[] {0, 0, 0}), missing), tf.constant(0)),
                tf.constant(new int[] {2, 2}));
        return tf.reshape(tf.pad(ids, paddings, tf.constant(0)), tf.constant(new int[] {-1, columns}));
    }

    private static Placeholder<TFloat32> floatInput(Ops tf, String name, long... dimensions) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(dimensions)));
    }

    public ModelVariables weights() {
        return weights;
    }

    public List<Signature> signatures() {
        return List.of(serving, shortInputServing, encode, decodeStep);
    }
}
