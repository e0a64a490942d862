package io.sagaflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws the report's charts as PNG files with XChart. */
final class Charts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private final Path directory;

    Charts(Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        this.directory = Files.createDirectories(directory);
    }

    /**
     * @param file the PNG's name
     * @param title the title
     * @param yTitle the y axis
     * @param categories the bars
     * @param series per series, a name and one value per category
     * @param logarithmic whether the y axis is logarithmic
     * @return the file written
     */
    Path bars(String file, String title, String yTitle, List<String> categories, List<Series> series,
              boolean logarithmic) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        if (logarithmic) {
            chart.getStyler().setYAxisMin(1.0);
        }
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        for (Series s : series) {
            // A logarithmic axis cannot show zero (an empty histogram in a tiny run): floor at 1.
            chart.addSeries(s.name(), categories, logarithmic
                    ? s.values().stream().map(v -> Math.max(v, 1.0)).toList() : s.values());
        }
        return save(chart, file);
    }

    /**
     * @param file the PNG's name
     * @param title the title
     * @param xTitle the x axis
     * @param yTitle the y axis
     * @param x the x values
     * @param series per series, a name and one value per x
     * @param logX whether the x axis is logarithmic
     * @return the file written
     */
    Path lines(String file, String title, String xTitle, String yTitle, List<Double> x, List<Series> series,
               boolean logX) throws IOException {
        return lines(file, title, xTitle, yTitle, x, series, logX, false);
    }

    /**
     * @param file the PNG's name
     * @param title the title
     * @param xTitle the x axis
     * @param yTitle the y axis
     * @param x the x values
     * @param series per series, a name and one value per x
     * @param logX whether the x axis is logarithmic
     * @param logY whether the y axis is logarithmic (values below 1 are shown as 1)
     * @return the file written
     */
    Path lines(String file, String title, String xTitle, String yTitle, List<Double> x, List<Series> series,
               boolean logX, boolean logY) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setYAxisMin(logY ? 1.0 : 0.0);
        if (logY) {
            // Latency against load: the highest values are at the right, where the legend would cover them.
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        }
        for (Series s : series) {
            chart.addSeries(s.name(), x, logY ? s.values().stream().map(v -> Math.max(v, 1.0)).toList() : s.values());
        }
        return save(chart, file);
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setAntiAlias(true);
        styler.setDecimalPattern("#,##0.#");
    }

    private Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String file) throws IOException {
        Path path = directory.resolve(file);
        BitmapEncoder.saveBitmap(chart, path.toString(), BitmapEncoder.BitmapFormat.PNG);
        return path;
    }

    /** @param name the legend @param values one per category or x */
    record Series(String name, List<Double> values) {
    }
}
