package io.sagaflow.test;

import io.sagaflow.Direction;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.StepDefinition;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.util.List;
import java.util.Objects;

/**
 * What one harness run produced: the settled saga, the commands it sent (before transport faults, so a duplicated
 * command appears once and a retried one twice), how often the orchestrator crashed, and the seed.
 *
 * @param saga the settled saga, read from the store
 * @param commands the commands it sent, oldest first
 * @param compensatableSteps the saga's steps that have a compensation, in definition order
 * @param crashes how many simulated crashes the run went through
 * @param seed the harness's seed
 * @since 0.1
 */
public record SagaRun(SagaInstance saga, List<SentCommand> commands, List<String> compensatableSteps, int crashes,
                      long seed) {

    /** Copies the lists. */
    public SagaRun {
        Objects.requireNonNull(saga, "saga");
        commands = List.copyOf(commands);
        compensatableSteps = List.copyOf(compensatableSteps);
    }

    static SagaRun of(SagaInstance saga, List<Envelope> published, List<SagaDefinition<?>> definitions, int crashes,
                      long seed) {
        List<SentCommand> commands = published.stream()
                .filter(e -> e.kind() == MessageKind.COMMAND && saga.id().value().equals(e.sagaId()))
                .map(e -> new SentCommand(e.destination().name(), String.valueOf(e.type()), String.valueOf(e.step()),
                        Messages.direction(e)))
                .toList();
        List<String> compensatable = definitions.stream().filter(d -> d.name().equals(saga.sagaType())).findFirst()
                .map(d -> d.steps().stream().filter(s -> s.compensation() != null).map(StepDefinition::name)
                        .toList())
                .orElse(List.of());
        return new SagaRun(saga, commands, compensatable, crashes, seed);
    }

    /** @return the saga's id */
    public SagaId id() {
        return saga.id();
    }

    /** @return how the saga ended */
    public SagaStatus status() {
        return saga.status();
    }

    /** @return the saga's history as readable lines */
    public String trace() {
        return saga.trace();
    }

    /**
     * A command the saga sent.
     *
     * @param participant where to
     * @param type the payload's type name
     * @param step which step
     * @param direction action or compensation
     */
    public record SentCommand(String participant, String type, String step, Direction direction) {
        @Override
        public String toString() {
            return participant + ":" + type;
        }
    }
}
