package io.sagaflow.examples.order;

import io.sagaflow.HistoryEntry;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Places a batch of orders on the embedded defaults (in-memory broker and store) and prints how each saga ended and
 * which compensations ran. Some customers' cards are declined, and one item runs out of stock.
 */
public final class OrderPlacementDemo {
    private OrderPlacementDemo() {
    }

    /**
     * @param args ignored
     * @throws Exception if a saga does not settle within 30 seconds
     */
    public static void main(String[] args) throws Exception {
        Result result = run(System.out);
        System.out.printf("%n%d orders: %d completed, %d compensated, %d failed%n", result.sagas().size(),
                result.count("COMPLETED"), result.count("COMPENSATED"), result.count("FAILED"));
    }

    /** What a run produced: every saga, and the services' state. */
    record Result(List<SagaInstance> sagas, Services.Inventory inventory, Services.Payment payment,
                  Services.Notification notification) {
        long count(String status) {
            return sagas.stream().filter(s -> s.status().name().equals(status)).count();
        }
    }

    static Result run(PrintStream out) throws Exception {
        Services.Inventory inventory = new Services.Inventory(Map.of("book", 10, "lamp", 2));
        Services.Payment payment = new Services.Payment(List.of("mallory"));
        Services.Notification notification = new Services.Notification();

        try (InMemoryMessageBroker broker = new InMemoryMessageBroker();
             SagaEngine engine = SagaEngine.builder().broker(broker).store(new InMemorySagaStore())
                     .register(PlaceOrderSaga.DEFINITION).build();
             ParticipantRuntime services = ParticipantRuntime.builder().broker(broker)
                     .participant(inventory.participant())
                     .participant(payment.participant())
                     .participant(notification.participant())
                     .build()) {
            engine.start();
            services.start();

            Map<String, OrderData> orders = new LinkedHashMap<>();
            orders.put("A-1", OrderData.of("A-1", "alice", "book", 1, 1_500));
            orders.put("A-2", OrderData.of("A-2", "bob", "lamp", 1, 4_200));
            orders.put("A-3", OrderData.of("A-3", "mallory", "book", 2, 3_000));
            orders.put("A-4", OrderData.of("A-4", "carol", "lamp", 1, 4_200));
            orders.put("A-5", OrderData.of("A-5", "dave", "lamp", 1, 4_200));
            orders.put("A-6", OrderData.of("A-6", "mallory", "lamp", 1, 4_200));
            orders.put("A-7", OrderData.of("A-7", "erin", "book", 3, 4_500));

            List<SagaId> ids = new ArrayList<>();
            for (OrderData order : orders.values()) {
                ids.add(engine.startSaga(PlaceOrderSaga.DEFINITION, order, order.orderId()));
            }
            List<SagaInstance> sagas = new ArrayList<>();
            for (SagaId id : ids) {
                SagaInstance saga = engine.whenSettled(id).get(30, TimeUnit.SECONDS);
                sagas.add(saga);
                OrderData data = saga.data(OrderData.class);
                out.printf("order %-4s %-8s %-11s %s%n", data.orderId(), data.customer(), saga.status(),
                        saga.failureReason() == null ? "" : "because " + saga.failureReason());
                if (!saga.compensatedSteps().isEmpty()) {
                    out.printf("           compensated: %s%n", String.join(", ", saga.compensatedSteps()));
                }
            }
            out.printf("%ninventory left: %s%ncharged: %s%n", inventory.stock, payment.charges);
            out.printf("history of order %s:%n%s%n", orders.keySet().iterator().next(), sagas.get(0).history()
                    .stream().map(HistoryEntry::toString).map(l -> "  " + l).collect(Collectors.joining("\n")));
            return new Result(sagas, inventory, payment, notification);
        }
    }
}
