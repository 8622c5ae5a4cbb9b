package org.streamtranslate.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.streamtranslate.inference.SavedModelTranslator;
import org.streamtranslate.model.TranslationModel;
import org.streamtranslate.training.ParallelCorpus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inference-benchmark}: model throughput against batch size, without Kafka. Translates the same raw sentences
 * in batches of each size, several runs per size, and reports the median sentences per second and its ratio to
 * batch size 1 measured in the same run. Writes a Markdown table, CSV and a PNG chart.
 */
@Command(name = "inference-benchmark", mixinStandardHelpOptions = true,
        description = "Measure model throughput against batch size.")
public final class InferenceBenchmark implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "models/default", description = "SavedModel folder.")
    Path model;

    @Option(names = "--sentences", required = true, description = "Raw English<TAB>Japanese file; column 1 is used.")
    Path sentences;

    @Option(names = "--count", defaultValue = "256", description = "Sentences per run. Default: 256.")
    int count;

    @Option(names = "--runs", defaultValue = "5", description = "Runs per batch size; the median is reported.")
    int runs;

    @Option(names = "--batch-sizes", defaultValue = "1,2,4,8,16,32,64", split = ",",
            description = "Batch sizes to measure. Default: 1,2,4,8,16,32,64.")
    List<Integer> batchSizes;

    @Option(names = "--output", defaultValue = "target/benchmarks", description = "Folder for the results.")
    Path output;

    @Override
    public Integer call() throws IOException {
        List<String> english = ParallelCorpus.readRawColumns(sentences).stream().map(row -> row[0]).limit(count)
                .toList();
        Map<Integer, Double> medians = new LinkedHashMap<>();
        try (SavedModelTranslator translator = new SavedModelTranslator(TranslationModel.load(model))) {
            translateAll(translator, english, 32);
            for (int batchSize : batchSizes) {
                double[] rates = new double[runs];
                for (int run = 0; run < runs; run++) {
                    long start = System.nanoTime();
                    translateAll(translator, english, batchSize);
                    rates[run] = english.size() / ((System.nanoTime() - start) / 1e9);
                }
                medians.put(batchSize, BenchmarkReport.median(rates));
                System.out.printf(Locale.ROOT, "batch %3d: median %.1f sentences/s over %d runs %s%n", batchSize,
                        medians.get(batchSize), runs, Arrays.toString(rates));
            }
            write(translator.modelVersion(), english.size(), medians);
        }
        return 0;
    }

    private static void translateAll(SavedModelTranslator translator, List<String> english, int batchSize) {
        for (int start = 0; start < english.size(); start += batchSize) {
            translator.translate(english.subList(start, Math.min(english.size(), start + batchSize)));
        }
    }

    private void write(String version, int sentenceCount, Map<Integer, Double> medians) throws IOException {
        String description = "Model " + version + ", " + sentenceCount + " Tatoeba sentences per run, median of " + runs
                + " runs, " + Runtime.getRuntime().availableProcessors() + " cores.";
        BenchmarkReport.write(output, "inference-throughput", "Model throughput against batch size", description,
                "sentences/s", medians);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new InferenceBenchmark()).execute(args));
    }
}
