package org.streamtranslate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
 *
 * <p>An ensemble ({@link ModelConfig#members()} above 1) has the same four signatures. Each member encodes and
 * decodes with its own weights and the members' next-token distributions are combined at every step
 * ({@link GreedyDecoder#combine}). Per-member tensors are concatenated along their last axis: {@code mean},
 * {@code log_variance} and {@code latent} become {@code [batch, members·latent]}, the decoder states
 * {@code [batch, members·hidden]} and {@code encoder_states} {@code [batch, maxSourceTokens, members·2·hidden]}, so
 * beam search reorders them without knowing how many members there are.
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

    /** Prefix of each ensemble member's variable names, followed by its number from 1. */
    public static final String MEMBER_PREFIX = "member";

    private final List<ModelVariables> members = new ArrayList<>();
    private final Signature serving;
    private final Signature shortInputServing;
    private final Signature encode;
    private final Signature decodeStep;

    public ServingGraph(Graph graph, ModelConfig config) {
        Ops tf = Ops.create(graph);
        ModelConfig memberConfig = config.member();
        int shortTokens = Math.min(SHORT_INPUT_TOKENS, config.maxSourceTokens());
        List<Seq2SeqGraph> networks = new ArrayList<>();
        List<Seq2SeqGraph> shortNetworks = new ArrayList<>();
        for (int m = 0; m < config.members(); m++) {
            ModelVariables weights = new ModelVariables(tf, memberConfig, memberPrefix(config, m));
            members.add(weights);
            networks.add(new Seq2SeqGraph(tf, weights));
            // The unrolled graph costs the same for every input, so short inputs get a shorter unroll of their own.
            shortNetworks.add(new Seq2SeqGraph(tf, weights, memberConfig.withMaxSourceTokens(shortTokens)));
        }

        Placeholder<TInt32> sourceIds = tf.withName("source_ids").placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1, -1)));
        List<Seq2SeqGraph.Encoding> encodings = encodeAll(tf, networks, sourceIds, config.maxSourceTokens());
        serving = greedySignature(tf, networks, Signature.DEFAULT_KEY, sourceIds, encodings,
                config.maxOutputTokens());

        Placeholder<TInt32> shortSourceIds = tf.withName("short_source_ids").placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1, -1)));
        shortInputServing = greedySignature(tf, shortNetworks, SHORT_INPUT_KEY_PREFIX + shortTokens, shortSourceIds,
                encodeAll(tf, shortNetworks, shortSourceIds, shortTokens),
                Math.min(SHORT_INPUT_OUTPUT_TOKENS, config.maxOutputTokens()));

        encode = buildEncode(tf, networks, sourceIds, encodings);
        decodeStep = buildDecodeStep(tf, networks, config);
    }

    /** Graph-name prefix of member {@code m} (from 0): none for a single model, {@code member1_} and so on. */
    public static String memberPrefix(ModelConfig config, int m) {
        return config.members() == 1 ? "" : MEMBER_PREFIX + (m + 1) + "_";
    }

    private static List<Seq2SeqGraph.Encoding> encodeAll(Ops tf, List<Seq2SeqGraph> networks,
                                                         Placeholder<TInt32> sourceIds, int columns) {
        Operand<TInt32> padded = padColumns(tf, sourceIds, columns);
        List<Seq2SeqGraph.Encoding> encodings = new ArrayList<>();
        for (Seq2SeqGraph network : networks) {
            encodings.add(network.encode(padded));
        }
        return encodings;
    }

    private static Signature greedySignature(Ops tf, List<Seq2SeqGraph> networks, String key,
                                             Placeholder<TInt32> sourceIds, List<Seq2SeqGraph.Encoding> encodings,
                                             int outputTokens) {
        GreedyDecoder.Decoded decoded = GreedyDecoder.decode(tf, networks, encodings, outputTokens,
                Vocabulary.START_ID);
        return Signature.builder().key(key)
                .input("source_ids", sourceIds)
                .output("token_ids", decoded.ids())
                .output("token_log_probs", decoded.logProbabilities())
                .output("mean", joined(tf, encodings, Seq2SeqGraph.Encoding::mean, 1))
                .output("log_variance", joined(tf, encodings, Seq2SeqGraph.Encoding::logVariance, 1))
                .build();
    }

    private static Signature buildEncode(Ops tf, List<Seq2SeqGraph> networks, Placeholder<TInt32> sourceIds,
                                         List<Seq2SeqGraph.Encoding> encodings) {
        List<Seq2SeqGraph.DecoderState> starts = new ArrayList<>();
        for (int m = 0; m < networks.size(); m++) {
            starts.add(networks.get(m).initialState(encodings.get(m).mean()));
        }
        // Every member masks the same padded positions, so one mask serves them all.
        return Signature.builder().key(ENCODE_KEY)
                .input("source_ids", sourceIds)
                .output("encoder_states", joined(tf, encodings, Seq2SeqGraph.Encoding::states, 2))
                .output("mask_bias", encodings.get(0).maskBias())
                .output("latent", joined(tf, encodings, Seq2SeqGraph.Encoding::mean, 1))
                .output("decoder_hidden", joined(tf, starts, Seq2SeqGraph.DecoderState::hidden, 1))
                .output("decoder_output", joined(tf, starts, Seq2SeqGraph.DecoderState::output, 1))
                .build();
    }

    private static Signature buildDecodeStep(Ops tf, List<Seq2SeqGraph> networks, ModelConfig config) {
        int members = config.members();
        int hidden = config.hiddenSize();
        Placeholder<TInt32> previous = tf.withName("previous_ids").placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1)));
        Placeholder<TFloat32> stateHidden = floatInput(tf, "step_decoder_hidden", -1, members * hidden);
        Placeholder<TFloat32> stateOutput = floatInput(tf, "step_decoder_output", -1, members * hidden);
        Placeholder<TFloat32> latent = floatInput(tf, "step_latent", -1, members * config.latentSize());
        Placeholder<TFloat32> states = floatInput(tf, "step_encoder_states", -1, config.maxSourceTokens(),
                members * config.encoderStateSize());
        Placeholder<TFloat32> maskBias = floatInput(tf, "step_mask_bias", -1, config.maxSourceTokens());

        List<Operand<TFloat32>> memberHidden = split(tf, stateHidden, members, 1);
        List<Operand<TFloat32>> memberOutput = split(tf, stateOutput, members, 1);
        List<Operand<TFloat32>> memberLatent = split(tf, latent, members, 1);
        List<Operand<TFloat32>> memberStates = split(tf, states, members, 2);
        List<Operand<TFloat32>> logProbabilities = new ArrayList<>();
        List<Seq2SeqGraph.DecoderState> next = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            Seq2SeqGraph network = networks.get(m);
            Operand<TFloat32> z = memberLatent.get(m);
            Seq2SeqGraph.Encoding encoding = new Seq2SeqGraph.Encoding(memberStates.get(m), maskBias, z, z);
            Seq2SeqGraph.DecoderState state = network.decodeStep(
                    network.embeddingInput(network.targetEmbedding(previous)), network.latentInput(z), z,
                    new Seq2SeqGraph.DecoderState(memberHidden.get(m), memberOutput.get(m)), encoding);
            next.add(state);
            logProbabilities.add(tf.nn.logSoftmax(network.logits(state.output())));
        }
        return Signature.builder().key(DECODE_STEP_KEY)
                .input("previous_ids", previous)
                .input("decoder_hidden", stateHidden)
                .input("decoder_output", stateOutput)
                .input("latent", latent)
                .input("encoder_states", states)
                .input("mask_bias", maskBias)
                .output("log_probs", GreedyDecoder.combine(tf, logProbabilities))
                .output("decoder_hidden", joined(tf, next, Seq2SeqGraph.DecoderState::hidden, 1))
                .output("decoder_output", joined(tf, next, Seq2SeqGraph.DecoderState::output, 1))
                .build();
    }

    /** Concatenates one tensor per member along {@code axis}; a single member's tensor is returned as it is. */
    private static <T> Operand<TFloat32> joined(Ops tf, List<T> perMember, Function<T, Operand<TFloat32>> part,
                                                int axis) {
        if (perMember.size() == 1) {
            return part.apply(perMember.get(0));
        }
        return tf.concat(perMember.stream().map(part).toList(), tf.constant(axis));
    }

    /** Splits a concatenation made by {@link #joined} back into equal parts, one per member. */
    private static List<Operand<TFloat32>> split(Ops tf, Operand<TFloat32> value, int members, int axis) {
        if (members == 1) {
            return List.of(value);
        }
        return new ArrayList<>(tf.split(tf.constant(axis), value, (long) members).output());
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

    /** Returns the weights of each member, in order; a single model has one set. */
    public List<ModelVariables> members() {
        return members;
    }

    public List<Signature> signatures() {
        return List.of(serving, shortInputServing, encode, decodeStep);
    }
}
