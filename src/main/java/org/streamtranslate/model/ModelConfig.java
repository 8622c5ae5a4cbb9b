package org.streamtranslate.model;

/**
 * Sizes of a VAE seq2seq model. Everything the graph builders need to create variables of the right shapes.
 *
 * @param variant architecture
 * @param sourceVocabularySize number of English ids, reserved ids included
 * @param targetVocabularySize number of Japanese ids, reserved ids included
 * @param embeddingSize width of both embedding tables
 * @param hiddenSize GRU state width; the bidirectional encoder's states are twice this
 * @param latentSize width of z, μ and log σ²
 * @param maxSourceTokens encoder unroll length: longer sources are rejected
 * @param maxTargetTokens decoder unroll length in training, end token included
 * @param maxOutputTokens decoder unroll length when serving, end token included
 * @param members number of models of these sizes served together as an ensemble; 1 for a single model; 0, which is
 *     what a configuration file written before ensembles existed reads as, means 1
 */
public record ModelConfig(
        ModelVariant variant,
        int sourceVocabularySize,
        int targetVocabularySize,
        int embeddingSize,
        int hiddenSize,
        int latentSize,
        int maxSourceTokens,
        int maxTargetTokens,
        int maxOutputTokens,
        int members) {

    public static final int DEFAULT_EMBEDDING_SIZE = 256;
    public static final int DEFAULT_HIDDEN_SIZE = 256;
    public static final int DEFAULT_LATENT_SIZE = 64;
    public static final int DEFAULT_MAX_SOURCE_TOKENS = 16;
    public static final int DEFAULT_MAX_TARGET_TOKENS = 17;
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 32;

    public ModelConfig {
        if (members == 0) {
            members = 1;
        }
        requirePositive("sourceVocabularySize", sourceVocabularySize);
        requirePositive("targetVocabularySize", targetVocabularySize);
        requirePositive("embeddingSize", embeddingSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("latentSize", latentSize);
        requirePositive("maxSourceTokens", maxSourceTokens);
        requirePositive("maxTargetTokens", maxTargetTokens);
        requirePositive("maxOutputTokens", maxOutputTokens);
        requirePositive("members", members);
    }

    /** A single model, not an ensemble. */
    public ModelConfig(ModelVariant variant, int sourceVocabularySize, int targetVocabularySize, int embeddingSize,
                       int hiddenSize, int latentSize, int maxSourceTokens, int maxTargetTokens, int maxOutputTokens) {
        this(variant, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize, latentSize,
                maxSourceTokens, maxTargetTokens, maxOutputTokens, 1);
    }

    /** Width of an encoder state: forward and backward GRU states side by side. */
    public int encoderStateSize() {
        return 2 * hiddenSize;
    }

    /** Returns a copy that serves with another encoder unroll length. */
    public ModelConfig withMaxSourceTokens(int tokens) {
        return new ModelConfig(variant, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                latentSize, tokens, maxTargetTokens, maxOutputTokens, members);
    }

    /** Returns a copy describing an ensemble of {@code count} models of these sizes. */
    public ModelConfig withMembers(int count) {
        requirePositive("members", count);
        return new ModelConfig(variant, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                latentSize, maxSourceTokens, maxTargetTokens, maxOutputTokens, count);
    }

    /** Returns the configuration of one member of an ensemble, or this configuration for a single model. */
    public ModelConfig member() {
        return withMembers(1);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
