package org.streamtranslate.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training curve: one row per epoch, written as CSV and drawn as a PNG with the losses on top and dev BLEU and
 * the KL below, against epochs.
 */
final class TrainingCurve {

    /** One epoch's figures; losses are epoch means. */
    record Point(int epoch, long step, double loss, double reconstruction, double kl, double klWeight,
                 double devBleu, double tokensPerSecond, double elapsedSeconds) {
    }

    /** Line colours that stay readable on white; JFreeChart's defaults include a pale yellow. */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e)};

    private final List<Point> points = new ArrayList<>();

    void add(Point point) {
        points.add(point);
    }

    List<Point> points() {
        return points;
    }

    void replaceAll(List<Point> loaded) {
        points.clear();
        points.addAll(loaded);
    }

    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("epoch,step,loss,reconstruction,kl,kl_weight,dev_bleu,tokens_per_second,elapsed_seconds");
        for (Point p : points) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f,%.4f,%.2f,%.0f,%.0f", p.epoch(), p.step(),
                    p.loss(), p.reconstruction(), p.kl(), p.klWeight(), p.devBleu(), p.tokensPerSecond(),
                    p.elapsedSeconds()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static List<Point> readCsv(Path file) throws IOException {
        List<Point> loaded = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            loaded.add(new Point(Integer.parseInt(c[0]), Long.parseLong(c[1]), Double.parseDouble(c[2]),
                    Double.parseDouble(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[5]),
                    Double.parseDouble(c[6]), Double.parseDouble(c[7]), Double.parseDouble(c[8])));
        }
        return loaded;
    }

    void writePng(Path file, String title) throws IOException {
        XYSeries loss = new XYSeries("loss");
        XYSeries reconstruction = new XYSeries("reconstruction");
        XYSeries bleu = new XYSeries("dev BLEU");
        XYSeries kl = new XYSeries("KL (nats)");
        for (Point p : points) {
            loss.add(p.epoch(), p.loss());
            reconstruction.add(p.epoch(), p.reconstruction());
            bleu.add(p.epoch(), p.devBleu());
            kl.add(p.epoch(), p.kl());
        }
        XYPlot losses = plot(new NumberAxis("loss per sentence (nats)"), loss, reconstruction);
        XYPlot quality = plot(new NumberAxis("BLEU / KL"), bleu, kl);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("epoch"));
        combined.add(losses, 1);
        combined.add(quality, 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 700);
    }

    private static XYPlot plot(NumberAxis axis, XYSeries... series) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (XYSeries s : series) {
            dataset.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
        }
        XYPlot plot = new XYPlot(dataset, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
