package io.sagaflow.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link FaultSchedule} in order on the calling thread: each fault at its time (or as soon as the one
 * before it is over), and every server it stopped is started again even when something fails.
 */
final class FaultInjector {
    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);
    private final Nodes nodes;
    private final Poison poison;
    private final long seed;
    private final Map<FaultSchedule.Kind, Integer> applied = new EnumMap<>(FaultSchedule.Kind.class);
    private final Map<String, Integer> poisonPerParticipant = new HashMap<>();

    FaultInjector(Nodes nodes, Poison poison, long seed) {
        this.nodes = nodes;
        this.poison = poison;
        this.seed = seed;
    }

    void apply(FaultSchedule schedule, long startNanos) {
        for (FaultSchedule.Fault fault : schedule.faults()) {
            long wait = startNanos + fault.at().toNanos() - System.nanoTime();
            if (wait > 0) {
                Servers.pause(Duration.ofNanos(wait));
            }
            long began = System.nanoTime();
            switch (fault.kind()) {
                case KILL -> {
                    nodes.kill(fault.target());
                    Servers.pause(fault.pause());
                    nodes.start(fault.target());
                }
                case RABBITMQ_RESTART -> {
                    try {
                        Servers.stopRabbit();
                        Servers.pause(fault.pause());
                    } finally {
                        Servers.startRabbit();
                    }
                }
                case POSTGRES_RESTART -> {
                    try {
                        Servers.restartPostgres();
                    } finally {
                        Servers.ensurePostgresUp();
                    }
                }
                case POISON -> {
                    String[] target = fault.target().split("/");
                    poison.inject(fault.number(), target[0], target[1], seed + fault.number());
                    poisonPerParticipant.merge(target[0], 1, Integer::sum);
                }
            }
            applied.merge(fault.kind(), 1, Integer::sum);
            if (fault.kind() != FaultSchedule.Kind.POISON) {
                log.info("fault at {} s done in {} ms: {}", fault.at().toSeconds(),
                        Duration.ofNanos(System.nanoTime() - began).toMillis(), fault.describe());
            }
        }
    }

    Map<FaultSchedule.Kind, Integer> applied() {
        return Map.copyOf(applied);
    }

    /** @param deadLetterQueue a dead-letter queue @return how many poison messages were injected for it */
    int expectedDeadLetters(String deadLetterQueue) {
        return FaultSchedule.PARTICIPANTS.stream()
                .filter(p -> deadLetterQueue.equals(poison.commandQueue(p) + ".dlq"))
                .mapToInt(p -> poisonPerParticipant.getOrDefault(p, 0)).sum();
    }

    List<String> deadLetterViolations(Map<String, Poison.DeadLetters> deadLetters) {
        List<String> problems = new ArrayList<>();
        deadLetters.forEach((queue, letters) -> {
            String participant = FaultSchedule.PARTICIPANTS.stream()
                    .filter(p -> queue.equals(poison.commandQueue(p) + ".dlq")).findFirst().orElse(null);
            problems.addAll(letters.violations(queue, participant == null ? 0
                    : poisonPerParticipant.getOrDefault(participant, 0)));
        });
        return problems;
    }
}
