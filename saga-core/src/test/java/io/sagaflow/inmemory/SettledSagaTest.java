package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettledSagaTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @Test
    void aWriterWhoseArrayGrewPastTheLimitIsNotWorthKeepingAndAnotherIs() {
        SettledSaga.Writer small = new SettledSaga.Writer(SettledSaga.Writer.INITIAL_SIZE);
        small.bytes(new byte[SettledSaga.Writer.INITIAL_SIZE * 4]);
        SettledSaga.Writer large = new SettledSaga.Writer(SettledSaga.Writer.INITIAL_SIZE);
        large.bytes(new byte[SettledSaga.Writer.MAX_KEPT_SIZE]);

        assertThat(small.reset()).as("grown, but within the limit").isTrue();
        assertThat(small.toArray()).as("emptied").isEmpty();
        assertThat(large.reset()).as("grown past the limit").isFalse();
    }

    @Test
    void unpacksARecordEqualToTheOneItPackedWithEveryFieldAndOddValue() {
        List<HistoryEntry> history = new ArrayList<>();
        history.add(new HistoryEntry(null, Direction.FORWARD, 0, HistoryEvent.SAGA_STARTED, null, T0));
        // More distinct step names than one packing refers back to, each used twice.
        for (int i = 0; i < 40; i++) {
            String step = "step-" + i;
            history.add(new HistoryEntry(step, Direction.FORWARD, 1, HistoryEvent.COMMAND_SENT, "message-" + i,
                    T0.plusNanos(i)));
            history.add(new HistoryEntry(step, Direction.COMPENSATION, Integer.MAX_VALUE, HistoryEvent.REJECTED,
                    "ünïcødé ✓ 😀 \ud800 lone surrogate, \u0000 and \u07ff\u0800\uffff", T0.plusSeconds(i * 1000L)));
        }
        history.add(new HistoryEntry("early", Direction.FORWARD, 2, HistoryEvent.ERROR, "x".repeat(2_000),
                T0.minusSeconds(86_400 * 365).minusNanos(1)));
        history.add(new HistoryEntry(null, Direction.FORWARD, 0, HistoryEvent.SAGA_COMPENSATED, "", T0.plusSeconds(1)));
        byte[] data = new byte[70_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        SagaRecord full = new SagaRecord(SagaId.random(), "place-order", "order-€42", SagaStatus.COMPENSATED,
                Long.MAX_VALUE, data, -1, Direction.COMPENSATION, StepPhase.AWAITING_REPLY, 300, "message-7",
                T0.minusNanos(1), List.of(0, 1, 129, Integer.MAX_VALUE), "step 'charge' rejected: card declined ✗",
                history, T0, T0.plusSeconds(1).plusNanos(999));
        SagaRecord sparse = new SagaRecord(SagaId.random(), "s", null, SagaStatus.COMPLETED, 0, new byte[0], 0,
                Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), T0, T0);

        assertThat(SettledSaga.of(full).record()).isEqualTo(full);
        assertThat(SettledSaga.of(sparse).record()).isEqualTo(sparse);
    }

    @Test
    void keepsWhatQueriesReadOutsideThePackedPart() {
        SagaRecord record = new SagaRecord(SagaId.random(), "place-order", "order-1", SagaStatus.COMPLETED, 7,
                "{}".getBytes(StandardCharsets.UTF_8), 2, Direction.FORWARD, StepPhase.READY, 1, null, null,
                List.of(), null, List.of(new HistoryEntry(null, Direction.FORWARD, 0, HistoryEvent.SAGA_COMPLETED,
                null, T0)), T0, T0.plusSeconds(3));
        SettledSaga settled = SettledSaga.of(record);
        SagaRecord header = settled.header();

        assertThat(List.of(header.id(), header.sagaType(), header.businessKey(), header.status(), header.version(),
                header.createdAt())).containsExactly(record.id(), "place-order", "order-1", SagaStatus.COMPLETED, 7L,
                T0);
        assertThat(new SagaQuery("place-order", SagaStatus.COMPLETED, "order-1", T0, T0.plusNanos(1), 0, 1)
                .matches(header)).isTrue();
        assertThat(SagaQuery.withStatus(SagaStatus.COMPENSATED, 1).matches(header)).isFalse();
        assertThat(settled.packed().length).as("a small saga packs into a small array").isLessThan(40);
    }

    private static SagaRecord saga(String... steps) {
        List<HistoryEntry> history = new ArrayList<>();
        for (String step : steps) {
            history.add(new HistoryEntry(step, Direction.FORWARD, 1, HistoryEvent.COMMAND_SENT, null, T0));
            history.add(new HistoryEntry(step, Direction.FORWARD, 1, HistoryEvent.SUCCEEDED, null, T0));
        }
        return new SagaRecord(SagaId.random(), "s", null, SagaStatus.COMPLETED, 3, "{}".getBytes(
                StandardCharsets.UTF_8), steps.length, Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(),
                null, history, T0, T0);
    }

    @Test
    void sagasPackedOneAfterTheOtherOnOneThreadEachUnpackToThemselves() {
        // The packing buffer and its step names are reused from one packing to the next: nothing may carry over.
        SagaRecord first = saga("reserve", "charge", "confirm");
        SagaRecord second = saga("charge", "other", "reserve");
        SagaRecord big = new SagaRecord(SagaId.random(), "s", null, SagaStatus.COMPLETED, 1, new byte[100_000], 0,
                Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), T0, T0);
        SagaRecord after = saga("x");
        for (int round = 0; round < 3; round++) {
            SettledSaga packedFirst = SettledSaga.of(first);
            SettledSaga packedSecond = SettledSaga.of(second);
            SettledSaga packedBig = SettledSaga.of(big);
            SettledSaga packedAfter = SettledSaga.of(after);
            assertThat(packedFirst.record()).isEqualTo(first);
            assertThat(packedSecond.record()).isEqualTo(second);
            assertThat(packedBig.record()).isEqualTo(big);
            assertThat(packedAfter.record()).isEqualTo(after);
            assertThat(packedAfter.packed().length).as("exactly sized, not the reused buffer").isLessThan(40);
        }
    }
}
