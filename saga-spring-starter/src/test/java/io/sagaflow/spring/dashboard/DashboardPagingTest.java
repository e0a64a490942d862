package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.sagaflow.SagaEngine;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.support.ForwardingSagaStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API reads one page at a time, however many sagas the store holds. Seeds {@value #DEFAULT_SEED} sagas;
 * {@code -Dsagaflow.dashboard.seed=100000} seeds more and logs how long pages take, to measure by hand.
 */
class DashboardPagingTest {
    private static final Logger log = LoggerFactory.getLogger(DashboardPagingTest.class);
    private static final int DEFAULT_SEED = 1_000;

    private final RecordingStore store = new RecordingStore(new InMemorySagaStore());
    // No participant runs: every saga stays RUNNING, waiting for inventory's reply.
    private final SagaEngine engine = SagaEngine.builder().store(store).register(OrderShop.PLACE_ORDER).build();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(
            new SagaDashboardApi(engine, SagaDashboardProperties.ofDefaults())).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void asksTheStoreForOnePageAndOneMoreSagaNeverForAll() throws Exception {
        int seed = Integer.getInteger("sagaflow.dashboard.seed", DEFAULT_SEED);
        long seeding = System.nanoTime();
        for (int i = 0; i < seed; i++) {
            engine.startSaga(OrderShop.PLACE_ORDER, OrderShop.Order.of("o-" + i, "alice"), "order-" + i);
        }
        log.info("seeded {} sagas in {} ms", seed, (System.nanoTime() - seeding) / 1_000_000);
        store.queries.clear();

        JsonNode first = page("/api/sagas");
        JsonNode deep = page("/api/sagas?page=30&size=20&status=RUNNING");
        JsonNode byKey = page("/api/sagas?businessKey=order-7");

        assertThat(store.queries).containsExactly(
                new SagaQuery(null, null, null, null, null, 0, 51),
                new SagaQuery(null, SagaStatus.RUNNING, null, null, null, 600, 21),
                new SagaQuery(null, null, "order-7", null, null, 0, 51));
        assertThat(first.get("items")).hasSize(50);
        assertThat(first.get("hasNext").asBoolean()).isTrue();
        assertThat(first.get("items").get(0).get("businessKey").asString()).isEqualTo("order-" + (seed - 1));
        assertThat(deep.get("items").get(0).get("businessKey").asString()).isEqualTo("order-" + (seed - 601));
        assertThat(byKey.get("items")).hasSize(1);
        if (seed > DEFAULT_SEED) {
            // Measuring by hand: the same pages again, warm.
            for (int i = 0; i < 3; i++) {
                page("/api/sagas");
                page("/api/sagas?page=30&size=20&status=RUNNING");
                page("/api/sagas?businessKey=order-7");
            }
        }
    }

    private JsonNode page(String url) throws Exception {
        long start = System.nanoTime();
        MvcResult result = mvc.perform(get("/sagaflow" + url)).andReturn();
        log.info("GET {}: {} in {} ms", url, result.getResponse().getStatus(), (System.nanoTime() - start) / 1_000_000);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(result.getResponse().getContentAsString());
    }

    /** Remembers every query. */
    static final class RecordingStore extends ForwardingSagaStore {
        final List<SagaQuery> queries = new CopyOnWriteArrayList<>();

        RecordingStore(SagaStore delegate) {
            super(delegate);
        }

        @Override
        public List<SagaRecord> query(SagaQuery query) {
            queries.add(query);
            return super.query(query);
        }
    }
}
