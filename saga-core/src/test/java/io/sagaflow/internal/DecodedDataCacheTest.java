package io.sagaflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodedDataCacheTest {
    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    private static SagaRecord record(SagaId id, byte[] data) {
        return new SagaRecord(id, "order", null, SagaStatus.RUNNING, 1, data, 0, Direction.FORWARD,
                StepPhase.AWAITING_REPLY, 1, "command-1", null, List.of(), null, List.of(), AT, AT);
    }

    @Test
    void returnsTheDataStoredWithTheVeryBytesOfARecordOnly() {
        DecodedDataCache cache = new DecodedDataCache();
        SagaId id = SagaId.random();
        byte[] bytes = "{\"n\":1}".getBytes();
        Object data = new Object();
        cache.put(id, bytes, data);

        assertThat(cache.find(record(id, bytes))).isSameAs(data);
        assertThat(cache.find(record(id, bytes.clone()))).isNull();
    }

    @Test
    void forgetsASagaThatEndedButNotAnotherOne() {
        DecodedDataCache cache = new DecodedDataCache();
        SagaId ended = SagaId.random();
        SagaId running = SagaId.random();
        byte[] endedBytes = "{\"n\":1}".getBytes();
        byte[] runningBytes = "{\"n\":2}".getBytes();
        Object runningData = new Object();
        cache.put(ended, endedBytes, new Object());
        cache.put(running, runningBytes, runningData);

        cache.forget(ended);
        cache.forget(SagaId.random());

        assertThat(cache.find(record(ended, endedBytes))).isNull();
        assertThat(cache.find(record(running, runningBytes))).isSameAs(runningData);
    }
}
