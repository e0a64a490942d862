package io.sagaflow.testing;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A participant for tests: handles {@link Do} and {@link Undo} for any step, follows a script of planned outcomes per
 * step and direction (then succeeds), and keeps a ledger of what took effect.
 */
public final class ScriptedParticipant {
    /** A planned outcome. */
    public enum Plan { OK, REJECT, THROW }

    /** A step's command. */
    public record Do(String step, String order) { }

    /** A step's compensating command. */
    public record Undo(String step, String order) { }

    /** A successful reply. */
    public record Done(String step) { }

    private final String name;
    private final Map<String, Deque<Plan>> script = new ConcurrentHashMap<>();
    private final List<String> ledger = Collections.synchronizedList(new ArrayList<>());
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    public ScriptedParticipant(String name) {
        this.name = name;
    }

    /** Plans outcomes for "do:step" or "undo:step", used in order. */
    public ScriptedParticipant plan(String key, Plan... plans) {
        script.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(plans));
        return this;
    }

    public Participant participant() {
        return Participant.builder(name)
                .onCommand(Do.class, (cmd, ctx) -> act("do:" + cmd.step(), cmd.order(), cmd.step()))
                .onCommand(Undo.class, (cmd, ctx) -> act("undo:" + cmd.step(), cmd.order(), cmd.step()))
                .build();
    }

    private CommandOutcome act(String key, String order, String step) {
        calls.add(key + ":" + order);
        Plan plan;
        synchronized (script) {
            Deque<Plan> planned = script.get(key);
            plan = planned == null || planned.isEmpty() ? Plan.OK : planned.poll();
        }
        return switch (plan) {
            case OK -> {
                ledger.add(key + ":" + order);
                yield CommandOutcome.success(new Done(step));
            }
            case REJECT -> CommandOutcome.failure(key + " refused for " + order);
            case THROW -> throw new IllegalStateException(key + " crashed for " + order);
        };
    }

    /** What took effect, in order. */
    public List<String> ledger() {
        synchronized (ledger) {
            return List.copyOf(ledger);
        }
    }

    /** Every call, including failed ones. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
