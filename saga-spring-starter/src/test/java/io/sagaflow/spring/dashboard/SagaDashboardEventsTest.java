package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.Direction;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class SagaDashboardEventsTest {
    // Flushed by the tests themselves, never by the timer.
    private final SagaDashboardEvents events = new SagaDashboardEvents(Duration.ofMinutes(1), Duration.ofHours(1));

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void greetsANewBrowserAndSendsQueuedChangesAsOneBatchInOrder() {
        RecordingEmitter browser = new RecordingEmitter();
        events.register(browser);
        SagaId saga = SagaId.random();

        events.onEvent(new SagaEvent.Started(saga, "place-order", "order-1", Instant.EPOCH));
        events.onEvent(new SagaEvent.StepSucceeded(saga, "place-order", "reserve", Direction.FORWARD, 1,
                Duration.ofMillis(5), Instant.EPOCH));
        events.onEvent(new SagaEvent.Completed(saga, "place-order", Duration.ofMillis(9), Instant.EPOCH));
        events.flush();

        assertThat(browser.names()).containsExactly("hello", "sagas");
        SagaDashboardEvents.Batch batch = browser.batches().getFirst();
        assertThat(batch.resync()).isFalse();
        assertThat(batch.changes()).extracting(SagaDashboardEvents.SagaChange::event)
                .containsExactly("Started", "StepSucceeded", "Completed");
        assertThat(batch.changes()).allSatisfy(c -> assertThat(c.sagaId()).isEqualTo(saga.value()));
    }

    @Test
    void dropsEventsWhileNoDashboardIsOpen() {
        events.onEvent(new SagaEvent.Started(SagaId.random(), "place-order", null, Instant.EPOCH));
        RecordingEmitter browser = new RecordingEmitter();
        events.register(browser);
        events.flush();

        assertThat(browser.names()).containsExactly("hello");
    }

    @Test
    void asksForAResyncWhenMoreChangesWaitThanItKeeps() {
        RecordingEmitter browser = new RecordingEmitter();
        events.register(browser);

        IntStream.range(0, SagaDashboardEvents.MAX_PENDING + 10).forEach(i -> events.onEvent(
                new SagaEvent.Started(SagaId.random(), "place-order", null, Instant.EPOCH)));
        events.flush();

        List<SagaDashboardEvents.Batch> batches = browser.batches();
        assertThat(batches.getFirst().resync()).isTrue();
        assertThat(batches).allSatisfy(b -> assertThat(b.changes()).hasSizeLessThanOrEqualTo(
                SagaDashboardEvents.MAX_BATCH));
        assertThat(batches.stream().mapToInt(b -> b.changes().size()).sum())
                .isEqualTo(SagaDashboardEvents.MAX_PENDING);
    }

    @Test
    void forgetsABrowserThatWentAwayAndKeepsServingTheOthers() {
        RecordingEmitter gone = new RecordingEmitter();
        RecordingEmitter open = new RecordingEmitter();
        events.register(gone);
        events.register(open);
        gone.broken = true;

        events.onEvent(new SagaEvent.Failed(SagaId.random(), "place-order", "stuck", Instant.EPOCH));
        events.flush();

        assertThat(events.subscribers()).isEqualTo(1);
        assertThat(open.names()).containsExactly("hello", "sagas");
    }

    /** Keeps what would go to the browser. */
    static final class RecordingEmitter extends SseEmitter {
        final List<Set<ResponseBodyEmitter.DataWithMediaType>> sent = new CopyOnWriteArrayList<>();
        volatile boolean broken;

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (broken) {
                throw new IOException("browser went away");
            }
            sent.add(builder.build());
        }

        List<String> names() {
            return sent.stream().map(parts -> parts.stream().map(p -> p.getData().toString())
                    .filter(text -> text.startsWith("event:")).findFirst().orElseThrow()
                    .substring("event:".length()).lines().findFirst().orElseThrow()).toList();
        }

        List<SagaDashboardEvents.Batch> batches() {
            return sent.stream().flatMap(Set::stream).map(ResponseBodyEmitter.DataWithMediaType::getData)
                    .filter(SagaDashboardEvents.Batch.class::isInstance).map(SagaDashboardEvents.Batch.class::cast)
                    .toList();
        }
    }
}
