package io.sagaflow;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Draws a {@link SagaDefinition}: its steps in order with their role and kind, and the compensation path a failure
 * takes back through the completed steps. Two outputs: Mermaid text for documentation, and a small self-contained
 * SVG for the dashboard.
 *
 * <p>A failing compensatable step or pivot leads (dashed) to the compensation of the last compensatable step before
 * it, and compensations chain back (dashed) to the COMPENSATED end; retriable steps are retried, never compensated,
 * so they have no failure edge.
 *
 * <p>Stateless and thread-safe. Step, participant and topic names are restricted by {@link SagaDefinition} to
 * letters, digits and {@code . _ -}, so they need no quoting; the SVG escapes them anyway.
 *
 * @since 0.1
 */
public final class SagaDiagram {
    private static final int BOX_WIDTH = 200;
    private static final int BOX_HEIGHT = 54;
    private static final int PITCH = 240;
    private static final int FIRST_STEP_X = 150;
    private static final int FORWARD_Y = 30;
    private static final int COMPENSATION_Y = 150;

    private SagaDiagram() {
    }

    /**
     * @param definition the saga
     * @return a Mermaid {@code flowchart LR}, lines separated by {@code \n}, ending with a newline
     */
    public static String mermaid(SagaDefinition<?> definition) {
        Objects.requireNonNull(definition, "definition");
        List<? extends StepDefinition<?>> steps = definition.steps();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        out.append("    start((\"").append(definition.name()).append("\"))\n");
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition<?> step = steps.get(i);
            out.append("    s").append(i + 1).append("[\"").append(step.name()).append("<br/>")
                    .append(role(step)).append(", ").append(kind(step.action())).append("\"]\n");
        }
        out.append("    completed([\"COMPLETED\"])\n");
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition<?> step = steps.get(i);
            if (step.compensation() != null) {
                out.append("    c").append(i + 1).append("[\"undo ").append(step.name()).append("<br/>")
                        .append(kind(step.compensation())).append("\"]\n");
            }
        }
        out.append("    compensated([\"COMPENSATED\"])\n");
        out.append("    start --> s1\n");
        for (int i = 1; i < steps.size(); i++) {
            out.append("    s").append(i).append(" --> s").append(i + 1).append('\n');
        }
        out.append("    s").append(steps.size()).append(" --> completed\n");
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).role() != StepRole.RETRIABLE) {
                out.append("    s").append(i + 1).append(" -. fails .-> ").append(compensationTarget(steps, i))
                        .append('\n');
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).compensation() != null) {
                out.append("    c").append(i + 1).append(" -.-> ").append(compensationTarget(steps, i))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /**
     * @param definition the saga
     * @return a standalone SVG document: forward steps in a row, compensations below them, dashed failure edges
     */
    public static String svg(SagaDefinition<?> definition) {
        Objects.requireNonNull(definition, "definition");
        List<? extends StepDefinition<?>> steps = definition.steps();
        int width = FIRST_STEP_X + steps.size() * PITCH + 140;
        int height = COMPENSATION_Y + BOX_HEIGHT + 20;
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"saga-diagram\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" role=\"img\" aria-label=\"saga ")
                .append(escape(definition.name())).append("\">\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                        + " markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\""
                        + " fill=\"#555\"/></marker></defs>\n");
        int midY = FORWARD_Y + BOX_HEIGHT / 2;
        int compMidY = COMPENSATION_Y + BOX_HEIGHT / 2;
        out.append("<circle cx=\"60\" cy=\"").append(midY)
                .append("\" r=\"24\" fill=\"#e8f0fe\" stroke=\"#1a56db\"/>\n");
        text(out, 60, midY + 4, 11, "bold", "start");
        line(out, 84, midY, FIRST_STEP_X, midY, false);
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition<?> step = steps.get(i);
            int x = FIRST_STEP_X + i * PITCH;
            box(out, x, FORWARD_Y, "#f4f7fb", "#1a56db", false, step.name(), role(step) + ", " + kind(step.action()));
            line(out, x + BOX_WIDTH, midY, x + PITCH, midY, false);
            if (step.compensation() != null) {
                box(out, x, COMPENSATION_Y, "#fff7ed", "#c2410c", true, "undo " + step.name(),
                        kind(step.compensation()));
            }
        }
        int endX = FIRST_STEP_X + steps.size() * PITCH;
        pill(out, endX, FORWARD_Y + 12, "COMPLETED", "#def7ec", "#057a55");
        pill(out, 20, COMPENSATION_Y + 12, "COMPENSATED", "#fde8e8", "#c81e1e");
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition<?> step = steps.get(i);
            int x = FIRST_STEP_X + i * PITCH;
            if (step.role() != StepRole.RETRIABLE) {
                int target = previousCompensatable(steps, i);
                int toX = target < 0 ? 130 : FIRST_STEP_X + target * PITCH + BOX_WIDTH / 2;
                int toY = target < 0 ? compMidY : COMPENSATION_Y;
                line(out, x + BOX_WIDTH / 2, FORWARD_Y + BOX_HEIGHT, toX, toY, true);
            }
            if (step.compensation() != null) {
                int target = previousCompensatable(steps, i);
                int toX = target < 0 ? 130 : FIRST_STEP_X + target * PITCH + BOX_WIDTH;
                line(out, x, compMidY, toX, compMidY, true);
            }
        }
        return out.append("</svg>\n").toString();
    }

    private static String compensationTarget(List<? extends StepDefinition<?>> steps, int index) {
        int target = previousCompensatable(steps, index);
        return target < 0 ? "compensated" : "c" + (target + 1);
    }

    private static int previousCompensatable(List<? extends StepDefinition<?>> steps, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (steps.get(i).compensation() != null) {
                return i;
            }
        }
        return -1;
    }

    private static String role(StepDefinition<?> step) {
        return step.role().name().toLowerCase(Locale.ROOT);
    }

    private static String kind(StepAction<?> action) {
        return switch (action) {
            case StepAction.Local<?> l -> "local";
            case StepAction.Command<?> c -> "participant " + c.participant();
            case StepAction.Event<?> e -> "publish " + e.topic();
        };
    }

    private static void box(StringBuilder out, int x, int y, String fill, String stroke, boolean dashed, String title,
                            String subtitle) {
        out.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH)
                .append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"6\" fill=\"").append(fill)
                .append("\" stroke=\"").append(stroke).append('"')
                .append(dashed ? " stroke-dasharray=\"5 3\"" : "").append("/>\n");
        text(out, x + BOX_WIDTH / 2, y + 22, 13, "bold", title);
        text(out, x + BOX_WIDTH / 2, y + 41, 11, "normal", subtitle);
    }

    private static void pill(StringBuilder out, int x, int y, String label, String fill, String stroke) {
        out.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"110\" height=\"30\""
                + " rx=\"15\" fill=\"").append(fill).append("\" stroke=\"").append(stroke).append("\"/>\n");
        text(out, x + 55, y + 19, 11, "bold", label);
    }

    private static void line(StringBuilder out, int x1, int y1, int x2, int y2, boolean dashed) {
        out.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y2).append("\" stroke=\"#555\"")
                .append(dashed ? " stroke-dasharray=\"5 4\"" : "").append(" marker-end=\"url(#arrow)\"/>\n");
    }

    private static void text(StringBuilder out, int x, int y, int size, String weight, String value) {
        out.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\" font-weight=\"").append(weight).append("\" text-anchor=\"middle\">")
                .append(escape(value)).append("</text>\n");
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
