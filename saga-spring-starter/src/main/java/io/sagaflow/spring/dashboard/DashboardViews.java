package io.sagaflow.spring.dashboard;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.StepAction;
import io.sagaflow.StepDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the dashboard's API, and how they are made from engine types. */
final class DashboardViews {
    private static final Set<HistoryEvent> OUTCOMES =
            EnumSet.of(HistoryEvent.SUCCEEDED, HistoryEvent.REJECTED, HistoryEvent.ERROR, HistoryEvent.TIMED_OUT);

    private DashboardViews() {
    }

    /** One row of the saga list. */
    record SagaSummary(String id, String sagaType, @Nullable String businessKey, SagaStatus status,
                       @Nullable String currentStep, @Nullable String failureReason, Instant createdAt,
                       Instant updatedAt, long durationMillis) {
        static SagaSummary of(SagaInstance saga) {
            return new SagaSummary(saga.id().value(), saga.sagaType(), saga.businessKey(), saga.status(),
                    saga.currentStep(), saga.failureReason(), saga.createdAt(), saga.updatedAt(),
                    Duration.between(saga.createdAt(), saga.updatedAt()).toMillis());
        }
    }

    /** One page of the saga list; {@code hasNext} instead of a total, which would need every saga counted. */
    record SagaPage(List<SagaSummary> items, int page, int size, boolean hasNext) {
    }

    /** A saga with its history and the history grouped into a timeline. */
    record SagaDetail(SagaSummary saga, @Nullable Object data, List<HistoryEntry> history,
                      List<TimelineItem> timeline, boolean canRetry, boolean canAbort) {
        static SagaDetail of(SagaInstance saga, boolean showData) {
            return new SagaDetail(SagaSummary.of(saga), showData ? saga.data() : null, saga.history(),
                    DashboardViews.timeline(saga.history()), saga.status() == SagaStatus.FAILED,
                    saga.status() == SagaStatus.FAILED);
        }
    }

    /**
     * One attempt of a step or compensation, or one entry about the whole saga ({@code step} null).
     *
     * @param outcome the last SUCCEEDED, REJECTED, ERROR or TIMED_OUT of the attempt; IN_PROGRESS if none yet; for
     *     a saga entry, its event
     * @param entries the attempt's history entries: the message sent, the reply received, the retry scheduled
     */
    record TimelineItem(@Nullable String step, Direction direction, int attempt, String outcome, Instant startedAt,
                        Instant endedAt, long durationMillis, List<HistoryEntry> entries) {
    }

    /** A saga type and its steps. */
    record DefinitionView(String name, String dataType, List<StepView> steps) {
        static DefinitionView of(SagaDefinition<?> definition) {
            return new DefinitionView(definition.name(), definition.dataType().getSimpleName(),
                    definition.steps().stream().map(StepView::of).toList());
        }
    }

    /** One step of a saga type. */
    record StepView(String name, String role, String action, @Nullable String compensation,
                    @Nullable Duration timeout) {
        static StepView of(StepDefinition<?> step) {
            return new StepView(step.name(), step.role().name(), describe(step.action()),
                    step.compensation() == null ? null : describe(step.compensation()), step.timeout());
        }
    }

    /** The body of an abort request. */
    record AbortRequest(@Nullable String reason) {
    }

    /** An error answer. */
    record ErrorView(String error) {
    }

    /**
     * Groups consecutive history entries of one step, direction and attempt; saga-wide entries stand alone.
     *
     * @param history oldest first
     * @return the timeline, oldest first
     */
    static List<TimelineItem> timeline(List<HistoryEntry> history) {
        List<TimelineItem> items = new ArrayList<>();
        List<HistoryEntry> group = new ArrayList<>();
        for (HistoryEntry entry : history) {
            if (!group.isEmpty() && (entry.step() == null || !sameAttempt(group.getFirst(), entry))) {
                items.add(item(group));
                group = new ArrayList<>();
            }
            group.add(entry);
        }
        if (!group.isEmpty()) {
            items.add(item(group));
        }
        return items;
    }

    private static boolean sameAttempt(HistoryEntry first, HistoryEntry entry) {
        return first.step() != null && Objects.equals(first.step(), entry.step())
                && first.direction() == entry.direction() && first.attempt() == entry.attempt();
    }

    private static TimelineItem item(List<HistoryEntry> entries) {
        HistoryEntry first = entries.getFirst();
        HistoryEntry last = entries.getLast();
        String outcome = first.step() == null ? first.event().name() : "IN_PROGRESS";
        for (HistoryEntry entry : entries) {
            if (OUTCOMES.contains(entry.event())) {
                outcome = entry.event().name();
            }
        }
        return new TimelineItem(first.step(), first.direction(), first.attempt(), outcome, first.at(), last.at(),
                Duration.between(first.at(), last.at()).toMillis(), List.copyOf(entries));
    }

    private static String describe(StepAction<?> action) {
        return switch (action) {
            case StepAction.Local<?> l -> "local";
            case StepAction.Command<?> c -> "participant " + c.participant();
            case StepAction.Event<?> e -> "publish " + e.topic();
        };
    }
}
