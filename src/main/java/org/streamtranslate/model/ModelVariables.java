package org.streamtranslate.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The trainable weights of a {@link ModelConfig}, created as graph variables with flat names so that checkpoints,
 * the serving graph and the SavedModel all refer to them by the same name.
 *
 * <p>Variables are created without initial values in the graph: {@link #initialize(Session, long)} feeds random
 * values from Java, so the graph (and the exported SavedModel) holds no copy of the initial weights, and the same
 * seed gives the same weights.
 *
 * <p>In an ensemble every member has its own set, whose graph names carry a prefix ({@code member2_output_bias});
 * {@link #get} and {@link #all} use the names without it.
 */
public final class ModelVariables {

    private final ModelConfig config;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Ops tf;
    private final String prefix;

    public ModelVariables(Ops tf, ModelConfig config) {
        this(tf, config, "");
    }

    /**
     * Creates the weights of one model with a prefix on their graph names.
     *
     * @param prefix prepended to every variable name, "" for a single model; it must keep names flat (no '/')
     */
    public ModelVariables(Ops tf, ModelConfig config, String prefix) {
        if (config.members() != 1) {
            throw new IllegalArgumentException("ModelVariables holds one model, but the configuration describes "
                    + config.members() + "; pass config.member() for each member of an ensemble");
        }
        if (prefix.contains("/")) {
            throw new IllegalArgumentException("Variable prefix '" + prefix + "' must not contain '/'");
        }
        this.tf = tf;
        this.config = config;
        this.prefix = prefix;
        int e = config.embeddingSize();
        int h = config.hiddenSize();
        int z = config.latentSize();
        int encoded = config.encoderStateSize();

        create("source_embedding", config.sourceVocabularySize(), e);
        create("target_embedding", config.targetVocabularySize(), e);
        for (String direction : new String[] {"encoder_forward", "encoder_backward"}) {
            create(direction + "_input_weights", e, 3 * h);
            create(direction + "_state_weights", h, 3 * h);
            create(direction + "_bias", 3 * h);
        }
        create("mean_weights", encoded, z);
        create("mean_bias", z);
        if (config.variant().variational()) {
            // The plain variant never samples, so log σ² would get no gradient and is left out.
            create("log_variance_weights", encoded, z);
            create("log_variance_bias", z);
        }
        create("decoder_init_weights", z, h);
        create("decoder_init_bias", h);
        create("decoder_embedding_weights", e, 3 * h);
        create("decoder_latent_weights", z, 3 * h);
        create("decoder_feed_weights", h, 3 * h);
        create("decoder_state_weights", h, 3 * h);
        create("decoder_bias", 3 * h);
        int combinedSize = h + z;
        if (config.variant().attention()) {
            create("attention_weights", h, encoded);
            combinedSize += encoded;
        }
        create("combine_weights", combinedSize, h);
        create("combine_bias", h);
        create("output_weights", h, config.targetVocabularySize());
        create("output_bias", config.targetVocabularySize());
    }

    private void create(String name, long... dimensions) {
        Shape shape = Shape.of(dimensions);
        variables.put(name, tf.withName(prefix + name).variable(shape, TFloat32.class));
        shapes.put(name, shape);
    }

    public ModelConfig config() {
        return config;
    }

    /** Returns the variable of that name; throws when the variant has no such weight. */
    public Variable<TFloat32> get(String name) {
        Variable<TFloat32> variable = variables.get(name);
        if (variable == null) {
            throw new IllegalArgumentException("No variable '" + name + "' in a " + config.variant().id() + " model");
        }
        return variable;
    }

    public Map<String, Variable<TFloat32>> all() {
        return variables;
    }

    public Shape shape(String name) {
        return shapes.get(name);
    }

    /** Number of trainable weights. */
    public long parameterCount() {
        long count = 0;
        for (Shape shape : shapes.values()) {
            count += shape.size();
        }
        return count;
    }

    /**
     * Assigns fresh weights: Glorot-uniform matrices, embeddings uniform in ±0.1, zero biases.
     *
     * @param seed the random seed; the same seed gives the same weights
     */
    public void initialize(Session session, long seed) {
        Random random = new Random(seed);
        for (Map.Entry<String, Variable<TFloat32>> entry : variables.entrySet()) {
            Shape shape = shapes.get(entry.getKey());
            float[] values = initialValues(entry.getKey(), shape, random);
            assign(session, entry.getValue(), shape, values);
        }
    }

    private static float[] initialValues(String name, Shape shape, Random random) {
        float[] values = new float[(int) shape.size()];
        if (shape.numDimensions() == 1) {
            return values;
        }
        double limit = name.endsWith("embedding")
                ? 0.1
                : Math.sqrt(6.0 / (shape.get(0) + shape.get(1)));
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return values;
    }

    private void assign(Session session, Variable<TFloat32> variable, Shape shape, float[] values) {
        try (TFloat32 tensor = TFloat32.tensorOf(shape, DataBuffers.of(values, true, false))) {
            assign(session, variable, tensor);
        }
    }

    /**
     * Sets one weight from a tensor, for example a weight read from another model.
     *
     * @param name the weight's name without prefix
     * @throws IllegalArgumentException when there is no such weight or the shapes differ
     */
    public void assign(Session session, String name, TFloat32 value) {
        Variable<TFloat32> variable = get(name);
        if (!value.shape().equals(shape(name))) {
            throw new IllegalArgumentException("Weight '" + name + "' has shape " + shape(name) + " but the value has "
                    + value.shape());
        }
        assign(session, variable, value);
    }

    private void assign(Session session, Variable<TFloat32> variable, TFloat32 value) {
        Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(value.shape()));
        Assign<TFloat32> assignment = tf.assign(variable, input);
        session.runner().feed(input, value).addTarget(assignment).run().close();
    }
}
