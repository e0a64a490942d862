package io.sagaflow.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The faults of a chaos run, drawn from a seed: in each round, a {@code kill -9} of every node (restarted after a
 * pause), a RabbitMQ restart and a PostgreSQL restart at random moments of the round; poison messages spread over
 * the whole window. The same seed and options give the same schedule.
 *
 * @param faults in the order they are applied
 */
record FaultSchedule(List<Fault> faults) {
    static final List<String> NODES = List.of("orchestrator-1", "orchestrator-2", "inventory", "payment",
            "notification");
    static final List<String> PARTICIPANTS = List.of("inventory", "payment", "notification");
    static final List<String> POISON_VARIETIES = List.of("garbage", "unknown-type", "bad-json", "wrong-kind");

    /**
     * One fault.
     *
     * @param at offset from the start of the window
     * @param kind what
     * @param target the node, or participant and poison variety
     * @param pause how long the node or broker stays down
     * @param number the poison message's number
     */
    record Fault(Duration at, Kind kind, String target, Duration pause, int number) {
        String describe() {
            return switch (kind) {
                case KILL -> "kill -9 " + target + ", restart after " + pause.toMillis() + " ms";
                case RABBITMQ_RESTART -> "rabbitmqctl stop_app, start_app after " + pause.toMillis() + " ms";
                case POSTGRES_RESTART -> "pg_ctlcluster restart";
                case POISON -> "poison #" + number + " (" + target + ")";
            };
        }
    }

    /** Kinds of fault. */
    enum Kind { KILL, RABBITMQ_RESTART, POSTGRES_RESTART, POISON }

    FaultSchedule {
        faults = List.copyOf(faults);
    }

    static FaultSchedule generate(long seed, Duration window, int rounds, int poisonMessages) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        long roundMillis = window.toMillis() / rounds;
        for (int round = 0; round < rounds; round++) {
            long start = round * roundMillis;
            for (String node : NODES) {
                faults.add(new Fault(Duration.ofMillis(start + random.nextLong(roundMillis)), Kind.KILL, node,
                        Duration.ofMillis(1_000 + random.nextLong(4_000)), 0));
            }
            faults.add(new Fault(Duration.ofMillis(start + random.nextLong(roundMillis)), Kind.RABBITMQ_RESTART,
                    "rabbitmq", Duration.ofMillis(2_000 + random.nextLong(6_000)), 0));
            faults.add(new Fault(Duration.ofMillis(start + random.nextLong(roundMillis)), Kind.POSTGRES_RESTART,
                    "postgresql", Duration.ZERO, 0));
        }
        for (int i = 0; i < poisonMessages; i++) {
            String participant = PARTICIPANTS.get(random.nextInt(PARTICIPANTS.size()));
            String variety = POISON_VARIETIES.get(i % POISON_VARIETIES.size());
            faults.add(new Fault(Duration.ofMillis(random.nextLong(window.toMillis())), Kind.POISON,
                    participant + "/" + variety, Duration.ZERO, i));
        }
        faults.sort(Comparator.comparing(Fault::at));
        return new FaultSchedule(faults);
    }

    long count(Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder("| at | fault |\n|---|---|\n");
        for (Fault fault : faults) {
            out.append(String.format("| %.1f s | %s |%n", fault.at().toMillis() / 1000.0, fault.describe()));
        }
        return out.toString();
    }
}
