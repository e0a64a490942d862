package io.sagaflow.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ChaosRun} measured and which checks failed.
 *
 * @param options the run's settings
 * @param schedule the faults drawn from the seed
 * @param statuses sagas per status
 * @param durationsMillis saga durations: p50, p95, p99, max
 * @param faultWindow from the start until the last fault was over and every order inserted
 * @param settleTime from then until every saga had ended
 * @param total from the start until every saga had ended
 * @param applied faults applied, per kind
 * @param nodeCrashes nodes that died by themselves (e.g. started while a server was away) and were restarted
 * @param published messages the nodes published (approximate: a killed node's last two seconds are missing)
 * @param duplicated copies the nodes added, same caveat
 * @param extraHandlerRuns handler runs beyond one per order and command (retried attempts after timeouts)
 * @param deadLetters what each dead-letter queue held
 * @param violations the checks that failed; empty when the run passed
 * @since 0.1
 */
record ChaosResult(ChaosRun.Options options, FaultSchedule schedule, Map<String, Long> statuses,
                          double[] durationsMillis, Duration faultWindow, Duration settleTime, Duration total,
                          Map<FaultSchedule.Kind, Integer> applied, int nodeCrashes, long published, long duplicated,
                          long extraHandlerRuns, Map<String, Poison.DeadLetters> deadLetters,
                          List<String> violations) {

    /** @return the figures, the checks and the fault schedule as Markdown */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Run of %d sagas, seed `%d`, %s queues, fault window %d s, %d fault round(s).%n%n",
                options.sagas(), options.seed(), options.quorum() ? "quorum" : "classic",
                options.window().toSeconds(), options.rounds()));
        out.append("| figure | value |\n|---|---|\n");
        statuses.forEach((status, count) -> out.append("| sagas ").append(status).append(" | ").append(count)
                .append(" |\n"));
        out.append(String.format("| saga duration p50 / p95 / p99 / max | %.0f / %.0f / %.0f / %.0f ms |%n",
                durationsMillis[0], durationsMillis[1], durationsMillis[2], durationsMillis[3]));
        out.append(String.format("| faults and arrivals over | %.1f s |%n", seconds(faultWindow)));
        out.append(String.format("| every saga ended, after the faults stopped | %.1f s |%n", seconds(settleTime)));
        out.append(String.format("| whole run | %.1f s (%.1f sagas/s) |%n", seconds(total),
                options.sagas() / seconds(total)));
        out.append("| kill -9 of a node (restarted) | ").append(applied.getOrDefault(FaultSchedule.Kind.KILL, 0))
                .append(" |\n");
        out.append("| nodes that died by themselves and were restarted | ").append(nodeCrashes).append(" |\n");
        out.append("| RabbitMQ restarts | ").append(applied.getOrDefault(FaultSchedule.Kind.RABBITMQ_RESTART, 0))
                .append(" |\n");
        out.append("| PostgreSQL restarts | ").append(applied.getOrDefault(FaultSchedule.Kind.POSTGRES_RESTART, 0))
                .append(" |\n");
        out.append(String.format("| messages published / duplicated | ~%d / ~%d (%.1f %%) |%n", published,
                duplicated, published == 0 ? 0.0 : 100.0 * duplicated / published));
        out.append("| poison messages injected | ").append(applied.getOrDefault(FaultSchedule.Kind.POISON, 0))
                .append(" |\n");
        out.append("| handler runs beyond one per order and command (retries after timeouts) | ")
                .append(extraHandlerRuns).append(" |\n");
        deadLetters.forEach((queue, letters) -> out.append("| `").append(queue.replaceFirst("^[^.]+\\.", "<prefix>."))
                .append("` | ").append(letters.messages()).append(" (").append(letters.poison()).append(" poison, ")
                .append(letters.distinctPoison()).append(" distinct, ")
                .append(letters.withReason()).append(" with reason header) |\n"));
        out.append("\n").append(violations.isEmpty() ? "**All checks passed.**"
                : "**Checks failed:**\n\n- " + String.join("\n- ", violations)).append("\n\n");
        out.append("<details><summary>Fault schedule</summary>\n\n").append(schedule.toMarkdown())
                .append("\n</details>\n");
        return out.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
