package io.sagaflow.benchmarks;

import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The order saga over a durable store and broker: the same {@link SagaflowOrderSystem} and {@link LoadDriver} as the
 * in-memory run, with the store and broker swapped.
 *
 * <p>PENDING: {@code JdbcSagaStore} (saga-jdbc) and {@code RabbitMqMessageBroker} (saga-rabbitmq) are being written
 * on other branches. When they merge, add the two modules as dependencies and return them from {@link #backend()};
 * the suite then runs this section and reports its results next to the ceilings. Until then the suite reports the
 * section as pending and measures only the ceilings.
 */
final class DurableSagaBench {
    /** A store and a broker to run the saga on, and how to clean them up. */
    record Backend(String name, Supplier<SagaStore> store, Supplier<MessageBroker> broker) {
    }

    private DurableSagaBench() {
    }

    /**
     * @return the durable backend, or empty while saga-jdbc and saga-rabbitmq are not on this branch
     */
    static Optional<Backend> backend() {
        // Plug in here, e.g.:
        // return Optional.of(new Backend("PostgreSQL + RabbitMQ",
        //         () -> JdbcSagaStore.create(dataSource, schema), () -> RabbitMqMessageBroker.create(connection)));
        return Optional.empty();
    }

    /** @return why the section did not run, or empty if it can */
    static Optional<String> pendingReason() {
        return backend().isPresent() ? Optional.empty()
                : Optional.of("PENDING: JdbcSagaStore (saga-jdbc) and RabbitMqMessageBroker (saga-rabbitmq) are not"
                        + " merged yet; DurableSagaBench.backend() is where they plug in.");
    }

    /**
     * Runs the order workload closed-loop on a backend.
     *
     * @param backend the store and broker
     * @param inFlight sagas in flight
     * @param warmup discarded time
     * @param measure measured time
     * @return the result
     */
    static LoadDriver.Result run(Backend backend, int inFlight, Duration warmup, Duration measure)
            throws InterruptedException {
        try (SagaflowOrderSystem system = new SagaflowOrderSystem(backend.broker().get(), backend.store().get(),
                SagaflowOrderSystem.PLACE_ORDER, java.util.List.of())) {
            LoadDriver.Result result = new LoadDriver().closedLoop(system, inFlight, 2, warmup, measure);
            return new LoadDriver.Result(backend.name(), result.mode(), result.sagasPerSecond(), result.settled(),
                    result.compensated(), result.latency(), result.cpuMicrosPerSaga());
        }
    }
}
