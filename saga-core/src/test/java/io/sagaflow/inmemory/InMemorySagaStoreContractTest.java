package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySagaStoreContractTest extends SagaStoreContract {
    @Override
    protected SagaStore createStore() {
        return new InMemorySagaStore();
    }

    @Test
    void purgeGoesByTheLastUpdateOfASagaUpdatedAgainAfterItEnded() {
        InMemorySagaStore store = new InMemorySagaStore();
        SagaRecord created = saga("s", null, T0);
        store.create(created, List.of());
        SagaRecord ended = next(created, SagaStatus.COMPLETED, null);
        store.update(ended, 0, List.of());
        SagaRecord later = new SagaRecord(ended.id(), ended.sagaType(), null, SagaStatus.COMPLETED, 2, ended.data(),
                ended.stepIndex(), ended.direction(), ended.phase(), 1, null, null, List.of(), null, List.of(),
                T0, T0.plusSeconds(600));
        store.update(later, 1, List.of());

        assertThat(store.purge(T0.plusSeconds(60))).isZero();
        assertThat(store.find(created.id())).contains(later);
        assertThat(store.purge(T0.plusSeconds(601))).isEqualTo(1);
        assertThat(store.find(created.id())).isEmpty();
        assertThat(store.purge(T0.plusSeconds(6000))).isZero();
    }

    @Test
    void purgeLeavesASagaThatLeftItsEndAgain() {
        InMemorySagaStore store = new InMemorySagaStore();
        SagaRecord created = saga("s", null, T0);
        store.create(created, List.of());
        SagaRecord ended = next(created, SagaStatus.COMPENSATED, null);
        store.update(ended, 0, List.of());
        store.update(next(ended, SagaStatus.RUNNING, null), 1, List.of());

        assertThat(store.purge(T0.plusSeconds(60))).isZero();
        assertThat(store.find(created.id())).isPresent();
    }
}
