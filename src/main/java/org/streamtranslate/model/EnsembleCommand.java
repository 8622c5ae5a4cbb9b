package org.streamtranslate.model;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ensemble}: joins exported models of the same sizes, trained for example with different seeds, into one
 * SavedModel that the service serves like any other.
 */
@Command(name = "ensemble",
        description = "Join exported models of the same variant, sizes and vocabularies into one ensemble SavedModel.")
public final class EnsembleCommand implements Callable<Integer> {

    // Not picocli's standard help mixin: its -V/--version would clash with this command's --version option.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--member", required = true, arity = "1..*",
            description = "Exported model folders, at least two in all: --member A B or --member A --member B.")
    List<Path> members;

    @Option(names = "--output", required = true, description = "New folder for the ensemble SavedModel.")
    Path output;

    @Option(names = "--version", required = true, description = "Model version written into every translation.")
    String version;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", version);
        metadata.put("exportedAt", Instant.now().toString());
        metadata.put("codeVersion", ExportCommand.codeVersion());

        ModelExporter.exportEnsemble(members, output, metadata);
        System.out.printf("exported an ensemble of %d models to %s (%d MB)%n", members.size(), output,
                ExportCommand.folderSize(output) / (1024 * 1024));
        return 0;
    }

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new EnsembleCommand());
        // Invalid members are a usage error: print the reason without a stack trace.
        command.setExecutionExceptionHandler((error, line, parsed) -> {
            if (!(error instanceof IllegalArgumentException)) {
                throw error;
            }
            line.getErr().println("ensemble: " + error.getMessage());
            return 2;
        });
        System.exit(command.execute(args));
    }
}
