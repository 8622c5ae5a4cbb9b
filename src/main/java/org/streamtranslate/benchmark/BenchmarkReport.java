package org.streamtranslate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a throughput-against-batch-size result three ways: a Markdown table, CSV and a PNG chart, each value with its
 * ratio to the first batch size measured, which is the baseline of the same run.
 */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    /**
     * Writes {@code NAME.md}, {@code NAME.csv} and {@code NAME.png} into the folder and prints the table.
     *
     * @param description first line of the Markdown file: what was measured and how
     * @param unit the measured unit, such as {@code sentences/s}
     * @param medians median throughput by batch size, in measuring order; the first entry is the baseline
     */
    public static void write(Path folder, String name, String title, String description, String unit,
                             Map<Integer, Double> medians) throws IOException {
        Files.createDirectories(folder);
        int baselineBatch = medians.keySet().iterator().next();
        double baseline = medians.get(baselineBatch);
        List<String> table = new ArrayList<>(List.of(description, "",
                "| batch size | " + unit + " | vs batch size " + baselineBatch + " |", "|---:|---:|---:|"));
        List<String> csv = new ArrayList<>(List.of("batch_size,throughput,ratio"));
        for (Map.Entry<Integer, Double> entry : medians.entrySet()) {
            double ratio = entry.getValue() / baseline;
            table.add(String.format(Locale.ROOT, "| %d | %.1f | %.2f× |", entry.getKey(), entry.getValue(), ratio));
            csv.add(String.format(Locale.ROOT, "%d,%.2f,%.2f", entry.getKey(), entry.getValue(), ratio));
        }
        Files.write(folder.resolve(name + ".md"), table);
        Files.write(folder.resolve(name + ".csv"), csv);
        BenchmarkChart.write(folder.resolve(name + ".png"), title, unit, medians);
        System.out.println(String.join("\n", table));
    }

    /** Returns the median; the mean of the two middle values for an even count. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
