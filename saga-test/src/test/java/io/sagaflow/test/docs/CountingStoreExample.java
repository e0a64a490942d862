package io.sagaflow.test.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaId;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.support.ForwardingSagaStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The forwarding-store example of docs/testing.md; DocsInSyncTest checks that the page quotes it as it is here. */
class CountingStoreExample {
    // tag::forwarding[]
    static final class CountingStore extends ForwardingSagaStore {
        final AtomicInteger finds = new AtomicInteger();

        CountingStore(SagaStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<SagaRecord> find(SagaId id) {
            finds.incrementAndGet();
            return super.find(id);
        }
    }
    // end::forwarding[]

    @Test
    void countsWhatItOverridesAndForwardsEveryCall() {
        InMemorySagaStore store = new InMemorySagaStore();
        CountingStore counting = new CountingStore(store);

        assertThat(counting.find(SagaId.random())).isEmpty();
        assertThat(counting.find(SagaId.random())).isEmpty();
        assertThat(counting.finds).hasValue(2);
        assertThat(counting.outbox()).isSameAs(store.outbox());
        assertThat(counting.countByStatus()).isEqualTo(store.countByStatus());
    }
}
