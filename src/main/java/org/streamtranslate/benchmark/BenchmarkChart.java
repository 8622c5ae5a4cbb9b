package org.streamtranslate.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws a throughput-against-batch-size line chart as PNG, batch sizes on a log-2 axis. */
public final class BenchmarkChart {

    private BenchmarkChart() {
    }

    public static void write(Path file, String title, String valueLabel, Map<Integer, Double> valueByBatchSize)
            throws IOException {
        XYSeries series = new XYSeries(valueLabel);
        valueByBatchSize.forEach(series::add);
        LogAxis batchAxis = new LogAxis("batch size (sentences)");
        batchAxis.setBase(2);
        batchAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), batchAxis, new NumberAxis(valueLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
    }
}
