package org.streamtranslate.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.RecordComponent;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Exports a training checkpoint as a SavedModel for serving: the serving graph with the checkpoint's weights, the
 * vocabularies, the model configuration and a metadata file in {@code assets/}. Adam's moment variables are not part
 * of the serving graph, so they are left out of the export.
 */
public final class ModelExporter {

    /** Default encoder unroll length when serving raw text, longer than any training sentence. */
    public static final int DEFAULT_SERVING_MAX_SOURCE_TOKENS = 40;

    private ModelExporter() {
    }

    /**
     * Writes the SavedModel.
     *
     * @param runFolder a trainer output folder: {@code model-config.json}, {@code vocab.en}, {@code vocab.ja}
     * @param checkpoint checkpoint prefix, for example {@code RUN/checkpoints/best/checkpoint}
     * @param exportFolder new or empty folder for the SavedModel
     * @param metadata version, training data, metrics and other facts stored as {@code assets/metadata.json}
     * @param servingMaxSourceTokens longest English input in tokens the export accepts
     */
    public static void export(Path runFolder, Path checkpoint, Path exportFolder, Map<String, Object> metadata,
                              int servingMaxSourceTokens) throws IOException {
        ModelConfig config = ModelFiles.readConfig(runFolder.resolve(ModelFiles.CONFIG_FILE))
                .withMaxSourceTokens(servingMaxSourceTokens);
        requireEmpty(exportFolder);
        writeSavedModel(config, exportFolder, (session, serving) -> session.restore(checkpoint.toString()));
        writeAssets(runFolder, config, exportFolder, metadata);
    }

    /**
     * Writes one SavedModel that serves several exported models as an ensemble: each member keeps its own weights,
     * and every decoding step combines the members' next-token distributions ({@link ServingGraph}).
     *
     * <p>Members must share their vocabularies, variant and sizes, which models trained on the same data with the
     * same options do whatever their seeds. The ensemble's greedy decoding costs about the members' sum.
     *
     * @param memberFolders SavedModels written by {@link #export}, at least two
     * @param exportFolder new or empty folder for the ensemble
     * @param metadata version and provenance; the member folders are added under {@code memberFolders} and their
     *     own metadata under {@code members}
     * @throws IllegalArgumentException when the members differ in vocabulary, variant or size, or one of them is
     *     itself an ensemble
     */
    public static void exportEnsemble(List<Path> memberFolders, Path exportFolder, Map<String, Object> metadata)
            throws IOException {
        if (memberFolders.size() < 2) {
            throw new IllegalArgumentException("An ensemble needs at least two member models, got "
                    + memberFolders.size());
        }
        for (Path member : memberFolders) {
            if (!Files.isRegularFile(member.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.CONFIG_FILE))) {
                throw new IllegalArgumentException("Member " + member + " is not an exported model: "
                        + member.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.CONFIG_FILE) + " not found; "
                        + "pass folders written by the export command");
            }
        }
        requireEmpty(exportFolder);
        Path firstAssets = memberFolders.get(0).resolve(ModelFiles.ASSETS_FOLDER);
        ModelConfig config = ModelFiles.readConfig(firstAssets.resolve(ModelFiles.CONFIG_FILE));
        List<Map<String, Object>> memberMetadata = new ArrayList<>();
        for (Path member : memberFolders) {
            requireSameModel(memberFolders.get(0), config, member);
            memberMetadata.add(ModelFiles.readJsonObject(
                    member.resolve(ModelFiles.ASSETS_FOLDER).resolve(ModelFiles.METADATA_FILE)));
        }
        ModelConfig ensemble = config.withMembers(memberFolders.size());

        // The members' weights go through a checkpoint so that the exported graph gets no assignment ops.
        Path folder = Files.createTempDirectory("ensemble-weights");
        try {
            Path checkpoint = folder.resolve("checkpoint");
            writeMemberCheckpoint(memberFolders, ensemble, checkpoint);
            writeSavedModel(ensemble, exportFolder, (session, serving) -> session.restore(checkpoint.toString()));
        } finally {
            deleteTree(folder);
        }
        Map<String, Object> withMembers = new LinkedHashMap<>(metadata);
        withMembers.put("memberFolders", memberFolders.stream().map(Path::toString).toList());
        withMembers.put("members", memberMetadata);
        writeAssets(firstAssets, ensemble, exportFolder, withMembers);
    }

    private static void requireSameModel(Path first, ModelConfig config, Path member) throws IOException {
        Path assets = member.resolve(ModelFiles.ASSETS_FOLDER);
        ModelConfig memberConfig = ModelFiles.readConfig(assets.resolve(ModelFiles.CONFIG_FILE));
        if (memberConfig.members() != 1) {
            throw new IllegalArgumentException("Member " + member + " is itself an ensemble of "
                    + memberConfig.members() + " models; list its own members instead");
        }
        if (!memberConfig.equals(config)) {
            throw new IllegalArgumentException("Member " + member + " differs from " + first + " in "
                    + differences(memberConfig, config) + "; members need the same variant, sizes and vocabularies");
        }
        for (String file : List.of(ModelFiles.ENGLISH_VOCABULARY_FILE, ModelFiles.JAPANESE_VOCABULARY_FILE)) {
            if (Files.mismatch(first.resolve(ModelFiles.ASSETS_FOLDER).resolve(file), assets.resolve(file)) != -1) {
                throw new IllegalArgumentException("Member " + member + " has another " + file + " than " + first
                        + "; train the members on the same data with the same --min-count");
            }
        }
    }

    /** Lists the configuration fields that differ, as "hiddenSize 24 against 16". */
    private static String differences(ModelConfig member, ModelConfig first) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent component : ModelConfig.class.getRecordComponents()) {
            try {
                Object mine = component.getAccessor().invoke(member);
                Object theirs = component.getAccessor().invoke(first);
                if (!mine.equals(theirs)) {
                    fields.add(component.getName() + " " + mine + " against " + theirs);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read ModelConfig." + component.getName(), e);
            }
        }
        return String.join(", ", fields);
    }

    private static void writeMemberCheckpoint(List<Path> memberFolders, ModelConfig ensemble, Path checkpoint) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            for (int m = 0; m < memberFolders.size(); m++) {
                ModelVariables weights = new ModelVariables(tf, ensemble.member(),
                        ServingGraph.memberPrefix(ensemble, m));
                copyWeights(memberFolders.get(m), session, weights);
            }
            session.save(checkpoint.toString());
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void copyWeights(Path member, Session target, ModelVariables weights) {
        try (SavedModelBundle bundle = SavedModelBundle.load(member.toString(), SavedModelBundle.DEFAULT_TAG)) {
            for (String name : weights.all().keySet()) {
                try (Result result = bundle.session().runner().fetch(name).run()) {
                    weights.assign(target, name, (TFloat32) result.get(0));
                }
            }
        }
    }

    /** Fills the serving graph's weights in a session. */
    private interface WeightLoader {
        void load(Session session, ServingGraph serving) throws IOException;
    }

    private static void writeSavedModel(ModelConfig config, Path exportFolder, WeightLoader loader)
            throws IOException {
        try (Graph graph = new Graph()) {
            ServingGraph serving = new ServingGraph(graph, config);
            try (Session session = new Session(graph)) {
                loader.load(session, serving);
                List<SessionFunction> functions = new ArrayList<>();
                for (Signature signature : serving.signatures()) {
                    functions.add(SessionFunction.create(signature, session));
                }
                SavedModelBundle.exporter(exportFolder.toString())
                        .withSession(session)
                        .withFunctions(functions.toArray(new SessionFunction[0]))
                        .export();
            }
        }
    }

    private static void writeAssets(Path vocabularyFolder, ModelConfig config, Path exportFolder,
                                    Map<String, Object> metadata) throws IOException {
        Path assets = exportFolder.resolve(ModelFiles.ASSETS_FOLDER);
        Files.createDirectories(assets);
        for (String file : List.of(ModelFiles.ENGLISH_VOCABULARY_FILE, ModelFiles.JAPANESE_VOCABULARY_FILE)) {
            Files.copy(vocabularyFolder.resolve(file), assets.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        ModelFiles.writeConfig(assets.resolve(ModelFiles.CONFIG_FILE), config);
        ModelFiles.writeJson(assets.resolve(ModelFiles.METADATA_FILE), metadata);
    }

    private static void requireEmpty(Path exportFolder) throws IOException {
        if (Files.exists(exportFolder)) {
            try (var entries = Files.list(exportFolder)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("Export folder " + exportFolder
                            + " is not empty; remove it or choose another");
                }
            }
        }
    }
}
