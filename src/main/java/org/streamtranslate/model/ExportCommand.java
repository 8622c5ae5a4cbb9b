package org.streamtranslate.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export}: turns a training run's best checkpoint into a SavedModel for serving, with provenance metadata.
 */
@Command(name = "export",
        description = "Export a training run's checkpoint as a SavedModel with vocabularies and metadata.")
public final class ExportCommand implements Callable<Integer> {

    // Not picocli's standard help mixin: its -V/--version would clash with this command's --version option.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--run", required = true, description = "Trainer output folder.")
    Path run;

    @Option(names = "--checkpoint", arity = "1..*",
            description = "Checkpoint prefix, or several to export their averaged weights. "
                    + "Default: RUN/checkpoints/best/checkpoint.")
    List<Path> checkpoints;

    @Option(names = "--output", required = true, description = "New folder for the SavedModel.")
    Path output;

    @Option(names = "--version", required = true, description = "Model version written into every translation.")
    String version;

    @Option(names = "--max-source-tokens", defaultValue = "40",
            description = "Longest English input in tokens the model accepts. Default: 40.")
    int maxSourceTokens;

    @Override
    public Integer call() throws IOException {
        List<Path> from = checkpoints != null ? checkpoints : List.of(run.resolve("checkpoints/best/checkpoint"));
        Map<String, Object> metadata = metadata(run, version);
        metadata.put("checkpoints", from.stream().map(Path::toString).toList());
        if (from.size() == 1) {
            ModelExporter.export(run, from.get(0), output, metadata, maxSourceTokens);
        } else {
            exportAverage(from, metadata);
        }
        System.out.printf("exported %s to %s (%d MB)%n", from.size() == 1 ? from.get(0) : from.size()
                + " averaged checkpoints", output, folderSize(output) / (1024 * 1024));
        return 0;
    }

    private void exportAverage(List<Path> from, Map<String, Object> metadata) throws IOException {
        Path folder = Files.createTempDirectory("checkpoint-average");
        try {
            Path averaged = folder.resolve("checkpoint");
            CheckpointAverage.write(ModelFiles.readConfig(run.resolve(ModelFiles.CONFIG_FILE)), from, averaged);
            ModelExporter.export(run, averaged, output, metadata, maxSourceTokens);
        } finally {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Provenance: version, training options and data checksums, results of the run, code version, time. */
    static Map<String, Object> metadata(Path run, String version) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", version);
        metadata.put("exportedAt", Instant.now().toString());
        metadata.put("codeVersion", codeVersion());
        Map<String, Object> options = ModelFiles.readJsonObject(run.resolve(ModelFiles.OPTIONS_FILE));
        metadata.put("variant", options.get("variant"));
        metadata.put("training", options);
        metadata.put("trainingResult", ModelFiles.readJsonObject(run.resolve("trainer-state.json")));
        Map<String, String> checksums = new LinkedHashMap<>();
        Object trainPrefix = options.get("trainPrefix");
        if (trainPrefix != null) {
            for (String suffix : new String[] {".en", ".ja"}) {
                Path file = Path.of(trainPrefix + suffix);
                if (Files.exists(file)) {
                    checksums.put(file.getFileName().toString(), sha256(file));
                }
            }
        }
        Object extra = options.get("extraTrainTsv");
        if (extra != null && Files.exists(Path.of(extra.toString()))) {
            checksums.put(Path.of(extra.toString()).getFileName().toString(), sha256(Path.of(extra.toString())));
        }
        metadata.put("trainingDataSha256", checksums);
        return metadata;
    }

    static String codeVersion() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String revision = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 ? revision : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }

    static long folderSize(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExportCommand()).execute(args));
    }
}
