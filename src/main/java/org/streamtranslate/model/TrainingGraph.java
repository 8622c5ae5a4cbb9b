package org.streamtranslate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.streamtranslate.text.Vocabulary;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training graph: the ELBO loss with an annealed, free-bits KL term, its gradients, global-norm clipping and
 * Adam updates, plus a greedy decoder over the same weights for measuring dev BLEU between epochs.
 *
 * <p>Loss per batch = (Σ masked token loss) / batch + klWeight · Σ_d max(KL_d, freeBits), where KL_d is the
 * batch mean of ½(σ² + μ² − 1 − log σ²) in latent dimension d (free bits: Kingma et al. 2016). The token loss is
 * the cross-entropy against the reference token, or with label smoothing ε the cross-entropy
 * against a target that puts 1 − ε on the reference and spreads ε evenly over the vocabulary. Sampling uses the
 * same parametrisation: z = μ + exp(½·log σ²)·ε. The noise ε is fed from Java, so training is reproducible from the
 * seed and no random op sits on the gradient path. Adam (Kingma and Ba 2015) runs as TensorFlow's ApplyAdam with
 * its moment variables named {@code <weight>_adam_m} and {@code <weight>_adam_v}; they are saved in checkpoints but
 * never exported.
 */
public final class TrainingGraph {

    public static final float DEFAULT_CLIP_NORM = 5f;

    private final Ops tf;
    private final ModelVariables weights;
    private final ModelConfig config;

    public final Placeholder<TInt32> source;
    public final Placeholder<TInt32> targetInput;
    public final Placeholder<TInt32> targetOutput;
    public final Placeholder<TFloat32> noise;
    /** Inverted-dropout mask on the source embeddings, {@code [batch, maxSourceTokens, embedding]}. */
    public final Placeholder<TFloat32> sourceDropoutMask;
    /** Inverted-dropout mask on the decoder outputs before the softmax layer, {@code [batch, maxTargetTokens, hidden]}. */
    public final Placeholder<TFloat32> outputDropoutMask;
    public final Placeholder<TFloat32> klWeight;
    public final Placeholder<TFloat32> freeBits;
    /** Label smoothing ε, a scalar that is 0 when not fed. */
    public final Operand<TFloat32> labelSmoothing;
    public final Placeholder<TFloat32> learningRate;
    public final Placeholder<TFloat32> beta1Power;
    public final Placeholder<TFloat32> beta2Power;

    /** Batch loss, scalar. */
    public final Operand<TFloat32> loss;
    /** Σ token cross-entropy against the reference tokens / batch, without label smoothing, scalar. */
    public final Operand<TFloat32> reconstruction;
    /** Σ_d KL_d without free bits, per sentence, scalar. */
    public final Operand<TFloat32> kl;
    /** KL_d, the batch mean of the KL in each latent dimension, {@code [latent]}. */
    public final Operand<TFloat32> klPerDimension;
    /** μ for each sentence without dropout, {@code [batch, latent]}; read to count active units. */
    public final Operand<TFloat32> mean;
    /** Global gradient norm before clipping, scalar. */
    public final Operand<TFloat32> gradientNorm;
    /** Runs one Adam update. */
    public final Op train;
    /** Greedy decoding of {@link #source} with z = μ, {@code [batch, maxOutputTokens]}. */
    public final Operand<TInt32> greedyIds;

    private final List<Variable<TFloat32>> moments = new ArrayList<>();

    public TrainingGraph(Graph graph, ModelConfig config) {
        CrossEntropyGradient.register();
        this.tf = Ops.create(graph);
        this.config = config;
        this.weights = new ModelVariables(tf, config);
        Seq2SeqGraph network = new Seq2SeqGraph(tf, weights);

        source = placeholder(TInt32.class, "source_ids", -1, config.maxSourceTokens());
        targetInput = placeholder(TInt32.class, "target_input_ids", -1, config.maxTargetTokens());
        targetOutput = placeholder(TInt32.class, "target_output_ids", -1, config.maxTargetTokens());
        noise = placeholder(TFloat32.class, "noise", -1, config.latentSize());
        sourceDropoutMask = placeholder(TFloat32.class, "source_dropout_mask", -1, config.maxSourceTokens(),
                config.embeddingSize());
        outputDropoutMask = placeholder(TFloat32.class, "output_dropout_mask", -1, config.maxTargetTokens(),
                config.hiddenSize());
        klWeight = scalar("kl_weight");
        freeBits = scalar("free_bits");
        labelSmoothing = tf.withName("label_smoothing").placeholderWithDefault(tf.constant(0f), Shape.scalar());
        learningRate = scalar("learning_rate");
        beta1Power = scalar("beta1_power");
        beta2Power = scalar("beta2_power");

        Seq2SeqGraph.Encoding encoding = network.encode(source, sourceDropoutMask);
        Operand<TFloat32> latent = sampleLatent(encoding);
        Operand<TFloat32> batchSize = tf.dtypes.cast(
                tf.stridedSlice(tf.shape(source), tf.constant(new int[] {0}), tf.constant(new int[] {1}),
                        tf.constant(new int[] {1})), TFloat32.class);
        Operand<TFloat32> sentences = tf.reshape(batchSize, tf.constant(new int[0]));
        TokenLosses tokenLosses = tokenLosses(network, encoding, latent);
        reconstruction = tf.math.div(tf.sum(tokenLosses.crossEntropy(), tf.constant(0)), sentences);
        Operand<TFloat32> smoothed = tf.math.div(tf.sum(tokenLosses.smoothed(), tf.constant(0)), sentences);

        klPerDimension = tf.math.mean(klDivergence(encoding), tf.constant(0));
        kl = tf.sum(klPerDimension, tf.constant(0));
        if (config.variant().variational()) {
            Operand<TFloat32> klTerm = tf.sum(tf.math.maximum(klPerDimension, freeBits), tf.constant(0));
            loss = tf.math.add(smoothed, tf.math.mul(klWeight, klTerm));
        } else {
            loss = tf.identity(smoothed);
        }

        List<Output<?>> gradients = List.of(graph.addGradients(loss.asOutput(), variableOutputs()));
        gradientNorm = globalNorm(gradients);
        train = adamUpdates(gradients);

        // Evaluation reads the same source placeholder through an encoder copy without dropout.
        Seq2SeqGraph.Encoding evaluation = network.encode(source);
        mean = evaluation.mean();
        greedyIds = GreedyDecoder.decode(tf, List.of(network), List.of(evaluation), config.maxOutputTokens(),
                Vocabulary.START_ID).ids();
    }

    public ModelVariables weights() {
        return weights;
    }

    public ModelConfig config() {
        return config;
    }

    /** Assigns fresh weights from the seed and zero Adam moments. */
    public void initialize(Session session, long seed) {
        weights.initialize(session, seed);
        List<Op> resets = new ArrayList<>();
        for (Variable<TFloat32> moment : moments) {
            resets.add(tf.assign(moment, tf.zeros(tf.constant(moment.shape().asArray()), TFloat32.class)));
        }
        var runner = session.runner();
        resets.forEach(runner::addTarget);
        runner.run().close();
    }

    private Operand<TFloat32> sampleLatent(Seq2SeqGraph.Encoding encoding) {
        if (!config.variant().variational()) {
            return encoding.mean();
        }
        Operand<TFloat32> deviation = tf.math.exp(tf.math.mul(tf.constant(0.5f), encoding.logVariance()));
        return tf.math.add(encoding.mean(), tf.math.mul(deviation, noise));
    }

    /**
     * Masked token losses summed over each sentence, {@code [batch]} each.
     *
     * @param crossEntropy against the reference tokens
     * @param smoothed against the label-smoothed targets, equal to {@code crossEntropy} when ε is 0
     */
    private record TokenLosses(Operand<TFloat32> crossEntropy, Operand<TFloat32> smoothed) {
    }

    private TokenLosses tokenLosses(Seq2SeqGraph network, Seq2SeqGraph.Encoding encoding,
                                                   Operand<TFloat32> latent) {
        int steps = config.maxTargetTokens();
        Operand<TFloat32> embedded = network.targetEmbedding(targetInput);
        Operand<TFloat32> projected = network.embeddingInput(
                tf.reshape(embedded, tf.constant(new int[] {-1, config.embeddingSize()})));
        List<Operand<TFloat32>> inputs = network.unstackSteps(
                tf.reshape(projected, tf.constant(new int[] {-1, steps, 3 * config.hiddenSize()})), steps);

        Operand<TFloat32> latentInput = network.latentInput(latent);
        Seq2SeqGraph.DecoderState state = network.initialState(latent);
        List<Operand<TFloat32>> outputs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            state = network.decodeStep(inputs.get(t), latentInput, latent, state, encoding);
            outputs.add(state.output());
        }
        Operand<TFloat32> flatOutputs = tf.reshape(tf.math.mul(tf.stack(outputs, Stack.axis(1L)), outputDropoutMask),
                tf.constant(new int[] {-1, config.hiddenSize()}));
        Operand<TInt32> labels = tf.reshape(targetOutput, tf.constant(new int[] {-1}));
        Operand<TFloat32> logits = network.logits(flatOutputs);
        Operand<TFloat32> crossEntropy = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss();
        // Cross-entropy against the uniform distribution: the mean of −log p over the vocabulary.
        Operand<TFloat32> uniform = tf.math.neg(tf.math.mean(tf.nn.logSoftmax(logits), tf.constant(1)));
        Operand<TFloat32> smoothed = tf.math.add(crossEntropy,
                tf.math.mul(labelSmoothing, tf.math.sub(uniform, crossEntropy)));
        Operand<TFloat32> mask = tf.dtypes.cast(tf.math.notEqual(labels, tf.constant(0)), TFloat32.class);
        return new TokenLosses(sumPerSentence(crossEntropy, mask, steps), sumPerSentence(smoothed, mask, steps));
    }

    private Operand<TFloat32> sumPerSentence(Operand<TFloat32> tokenLosses, Operand<TFloat32> mask, int steps) {
        return tf.sum(tf.reshape(tf.math.mul(tokenLosses, mask), tf.constant(new int[] {-1, steps})), tf.constant(1));
    }

    /** ½(σ² + μ² − 1 − log σ²) per sentence and dimension, {@code [batch, latent]}. */
    private Operand<TFloat32> klDivergence(Seq2SeqGraph.Encoding encoding) {
        Operand<TFloat32> logVariance = encoding.logVariance();
        Operand<TFloat32> terms = tf.math.sub(
                tf.math.add(tf.math.exp(logVariance), tf.math.square(encoding.mean())),
                tf.math.add(tf.constant(1f), logVariance));
        return tf.math.mul(tf.constant(0.5f), terms);
    }

    private Output<?>[] variableOutputs() {
        List<Output<?>> outputs = new ArrayList<>();
        for (Variable<TFloat32> variable : weights.all().values()) {
            outputs.add(variable.asOutput());
        }
        return outputs.toArray(new Output<?>[0]);
    }

    @SuppressWarnings("unchecked")
    private Operand<TFloat32> globalNorm(List<Output<?>> gradients) {
        List<Operand<TFloat32>> squares = new ArrayList<>();
        for (Output<?> gradient : gradients) {
            Operand<TFloat32> g = (Operand<TFloat32>) gradient;
            squares.add(tf.sum(tf.math.square(g), tf.range(tf.constant(0), tf.rank(g), tf.constant(1))));
        }
        return tf.math.sqrt(tf.math.addN(squares));
    }

    @SuppressWarnings("unchecked")
    private Op adamUpdates(List<Output<?>> gradients) {
        Operand<TFloat32> clip = tf.constant(DEFAULT_CLIP_NORM);
        Operand<TFloat32> scale = tf.math.div(clip, tf.math.maximum(gradientNorm, clip));
        List<Op> updates = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Variable<TFloat32>> entry : weights.all().entrySet()) {
            Shape shape = weights.shape(entry.getKey());
            Variable<TFloat32> first = tf.withName(entry.getKey() + "_adam_m").variable(shape, TFloat32.class);
            Variable<TFloat32> second = tf.withName(entry.getKey() + "_adam_v").variable(shape, TFloat32.class);
            moments.add(first);
            moments.add(second);
            Operand<TFloat32> gradient = tf.math.mul((Operand<TFloat32>) gradients.get(index++), scale);
            updates.add(tf.train.applyAdam(entry.getValue(), first, second, beta1Power, beta2Power, learningRate,
                    tf.constant(0.9f), tf.constant(0.999f), tf.constant(1e-8f), gradient));
        }
        return tf.withControlDependencies(updates).noOp();
    }

    private <T extends org.tensorflow.types.family.TType> Placeholder<T> placeholder(Class<T> type, String name,
                                                                                      long... dimensions) {
        return tf.withName(name).placeholder(type, Placeholder.shape(Shape.of(dimensions)));
    }

    private Placeholder<TFloat32> scalar(String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    }
}
