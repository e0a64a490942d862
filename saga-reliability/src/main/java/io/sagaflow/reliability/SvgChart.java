package io.sagaflow.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small SVG line chart: stacked panels sharing the time axis, each with its own series and y scale. Enough for
 * the soak figures without a charting library. Not thread-safe.
 */
final class SvgChart {
    private static final int WIDTH = 760;
    private static final int PANEL_HEIGHT = 170;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private final String title;
    private final double[] x;
    private final Map<String, Map<String, double[]>> panels = new LinkedHashMap<>();

    SvgChart(String title, double[] xSeconds) {
        this.title = title;
        this.x = xSeconds.clone();
    }

    SvgChart panel(String name, Map<String, double[]> series) {
        panels.put(name, new LinkedHashMap<>(series));
        return this;
    }

    String render() {
        int height = TOP + panels.size() * (PANEL_HEIGHT + 30) + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(String.format("<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        double xMax = x.length == 0 ? 1 : Math.max(1, x[x.length - 1]);
        int top = TOP;
        for (Map.Entry<String, Map<String, double[]>> panel : panels.entrySet()) {
            double yMax = panel.getValue().values().stream().flatMapToDouble(java.util.Arrays::stream).max()
                    .orElse(1);
            yMax = yMax <= 0 ? 1 : yMax * 1.1;
            int plotWidth = WIDTH - LEFT - RIGHT;
            svg.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, top + 10,
                    escape(panel.getKey())));
            int y0 = top + 15 + PANEL_HEIGHT - 20;
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                    + " stroke=\"#999\"/>%n", LEFT, top + 15, plotWidth, PANEL_HEIGHT - 20));
            for (double fraction : List.of(0.0, 0.5, 1.0)) {
                int y = (int) (y0 - fraction * (PANEL_HEIGHT - 20));
                svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 4, y + 4,
                        format(fraction * yMax)));
            }
            svg.append(String.format("<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\""
                    + " text-anchor=\"end\">%.0f s</text>%n", LEFT, y0 + 14, LEFT + plotWidth, y0 + 14, xMax));
            int colour = 0;
            for (Map.Entry<String, double[]> series : panel.getValue().entrySet()) {
                StringBuilder points = new StringBuilder();
                double[] values = series.getValue();
                for (int i = 0; i < Math.min(values.length, x.length); i++) {
                    points.append(String.format("%.1f,%.1f ", LEFT + x[i] / xMax * plotWidth,
                            y0 - values[i] / yMax * (PANEL_HEIGHT - 20)));
                }
                String stroke = COLOURS[colour % COLOURS.length];
                svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                        stroke, points.toString().strip()));
                svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + plotWidth + 8,
                        top + 30 + colour * 14, stroke, escape(series.getKey())));
                colour++;
            }
            top += PANEL_HEIGHT + 30;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
