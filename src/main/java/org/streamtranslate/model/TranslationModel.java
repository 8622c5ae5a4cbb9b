package org.streamtranslate.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.streamtranslate.text.Vocabulary;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * An exported model loaded for inference: the SavedModel session, its vocabularies, configuration and metadata.
 *
 * <p>Thread-safe: TensorFlow sessions accept concurrent calls. Close it to release the native memory.
 */
public final class TranslationModel implements AutoCloseable {

    private final Path folder;
    private final SavedModelBundle bundle;
    private final ModelConfig config;
    private final Vocabulary english;
    private final Vocabulary japanese;
    private final Map<String, Object> metadata;
    private final SessionFunction serving;
    private final SessionFunction shortInputServing;
    private final int shortInputTokens;

    private TranslationModel(Path folder, SavedModelBundle bundle, ModelConfig config, Vocabulary english,
                             Vocabulary japanese, Map<String, Object> metadata) {
        this.folder = folder;
        this.bundle = bundle;
        this.config = config;
        this.english = english;
        this.japanese = japanese;
        this.metadata = metadata;
        this.serving = bundle.function(org.tensorflow.Signature.DEFAULT_KEY);
        // Models exported before the short-input signature existed serve every batch with the full unroll.
        int tokens = Math.min(ServingGraph.SHORT_INPUT_TOKENS, config.maxSourceTokens());
        String shortKey = ServingGraph.SHORT_INPUT_KEY_PREFIX + tokens;
        boolean hasShort = bundle.signatures().stream().anyMatch(signature -> signature.key().equals(shortKey));
        this.shortInputServing = hasShort ? bundle.function(shortKey) : null;
        this.shortInputTokens = hasShort ? tokens : 0;
    }

    /**
     * Loads a SavedModel written by {@link ModelExporter}.
     *
     * @throws ModelLoadException when the folder is missing, is not a SavedModel, or lacks an asset
     */
    public static TranslationModel load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("Model folder " + folder.toAbsolutePath() + " does not exist; set "
                    + "translator.model-path to a folder exported by the trainer, such as models/default");
        }
        Path assets = folder.resolve(ModelFiles.ASSETS_FOLDER);
        for (String required : List.of(ModelFiles.CONFIG_FILE, ModelFiles.METADATA_FILE,
                ModelFiles.ENGLISH_VOCABULARY_FILE, ModelFiles.JAPANESE_VOCABULARY_FILE)) {
            if (!Files.isRegularFile(assets.resolve(required))) {
                throw new ModelLoadException("Model folder " + folder + " lacks assets/" + required
                        + "; export it again with the export command");
            }
        }
        ModelConfig config = ModelFiles.readConfig(assets.resolve(ModelFiles.CONFIG_FILE));
        Map<String, Object> metadata = ModelFiles.readJsonObject(assets.resolve(ModelFiles.METADATA_FILE));
        Vocabulary english = Vocabulary.load(assets.resolve(ModelFiles.ENGLISH_VOCABULARY_FILE));
        Vocabulary japanese = Vocabulary.load(assets.resolve(ModelFiles.JAPANESE_VOCABULARY_FILE));
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(folder.toString(), SavedModelBundle.DEFAULT_TAG);
        } catch (RuntimeException e) {
            throw new ModelLoadException("TensorFlow could not load the SavedModel in " + folder + ": "
                    + e.getMessage(), e);
        }
        return new TranslationModel(folder, bundle, config, english, japanese, metadata);
    }

    /**
     * Greedy decoding of one batch, one session call.
     *
     * @param sourceIds English ids, {@code [batch, tokens]} padded with 0, at most {@code maxSourceTokens} columns
     * @return ids and log-probabilities, {@code [batch, outputTokens]}, each row to be cut at its first end id;
     *     outputTokens is 24 for batches of at most 16 source columns (when the export has that signature), else
     *     {@code maxOutputTokens}
     */
    public GreedyOutput greedy(int[][] sourceIds) {
        if (sourceIds.length == 0) {
            return new GreedyOutput(new int[0][], new float[0][], new float[0][], new float[0][]);
        }
        SessionFunction function = sourceIds[0].length <= shortInputTokens ? shortInputServing : serving;
        try (TInt32 input = TInt32.tensorOf(StdArrays.ndCopyOf(sourceIds));
             Result result = function.call(Map.of("source_ids", input))) {
            return new GreedyOutput(
                    StdArrays.array2dCopyOf((TInt32) output(result, "token_ids")),
                    StdArrays.array2dCopyOf((TFloat32) output(result, "token_log_probs")),
                    StdArrays.array2dCopyOf((TFloat32) output(result, "mean")),
                    StdArrays.array2dCopyOf((TFloat32) output(result, "log_variance")));
        }
    }

    /**
     * Output of {@link #greedy}.
     *
     * @param ids {@code [batch, maxOutputTokens]}
     * @param logProbabilities {@code [batch, maxOutputTokens]}
     * @param means μ, {@code [batch, latent]}, or {@code [batch, members·latent]} for an ensemble
     * @param logVariances log σ², shaped like {@code means}
     */
    public record GreedyOutput(int[][] ids, float[][] logProbabilities, float[][] means, float[][] logVariances) {
    }

    static Tensor output(Result result, String name) {
        return result.get(name).orElseThrow(() -> new ModelLoadException(
                "The model's signature has no output '" + name + "'; export it again with this version"));
    }

    /** Runs a named signature; the caller closes the result. */
    public Result call(String signatureKey, Map<String, Tensor> inputs) {
        return bundle.function(signatureKey).call(inputs);
    }

    public ModelConfig config() {
        return config;
    }

    public Vocabulary englishVocabulary() {
        return english;
    }

    public Vocabulary japaneseVocabulary() {
        return japanese;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The version string from the metadata, or the folder name when the metadata has none. */
    public String version() {
        Object version = metadata.get("version");
        return version == null ? folder.getFileName().toString() : version.toString();
    }

    public Path folder() {
        return folder;
    }

    /** Splits a row at its first end id. */
    public static List<Integer> untilEnd(int[] ids) {
        List<Integer> kept = new ArrayList<>();
        for (int id : ids) {
            if (id == Vocabulary.END_ID || id == Vocabulary.PAD_ID) {
                break;
            }
            kept.add(id);
        }
        return kept;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
