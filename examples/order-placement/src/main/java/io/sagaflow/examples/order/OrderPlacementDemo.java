package io.sagaflow.examples.order;

import io.sagaflow.HistoryEntry;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The seeded demo: on startup, places a batch of orders through the order service and prints how each saga ended,
 * which compensations ran, the services' ledgers, and how to call the REST API. Some customers' cards are declined
 * (mallory), and lamps run out (two in stock, four ordered). Off with {@code demo.seed=false}.
 */
@Component
@Profile("!distributed")
@ConditionalOnProperty(name = "demo.seed", havingValue = "true", matchIfMissing = true)
class OrderPlacementDemo implements ApplicationRunner {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final OrderService orders;
    private final InventoryService inventory;
    private final PaymentService payment;
    private final NotificationService notification;
    private final ApplicationContext context;
    private final PrintStream out;
    private volatile @Nullable Result result;

    OrderPlacementDemo(OrderService orders, InventoryService inventory, PaymentService payment,
                       NotificationService notification, ApplicationContext context) {
        this.orders = orders;
        this.inventory = inventory;
        this.payment = payment;
        this.notification = notification;
        this.context = context;
        this.out = System.out;
    }

    /** What the seeded run produced: every saga, and the services' ledgers afterwards. */
    record Result(List<SagaInstance> sagas, Map<String, Integer> stock, Set<String> reserved,
                  Map<String, Long> charged, Set<String> notified) {
        long count(SagaStatus status) {
            return sagas.stream().filter(s -> s.status() == status).count();
        }
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<OrderData> batch = List.of(
                OrderData.of("A-1", "alice", "book", 1, 1_500),
                OrderData.of("A-2", "bob", "lamp", 1, 4_200),
                OrderData.of("A-3", "mallory", "book", 2, 3_000),
                OrderData.of("A-4", "carol", "lamp", 1, 4_200),
                OrderData.of("A-5", "dave", "lamp", 1, 4_200),
                OrderData.of("A-6", "mallory", "lamp", 1, 4_200),
                OrderData.of("A-7", "erin", "book", 3, 4_500));
        List<SagaId> ids = new ArrayList<>();
        for (OrderData order : batch) {
            ids.add(orders.placeOrder(order));
        }
        List<SagaInstance> sagas = new ArrayList<>();
        for (SagaId id : ids) {
            sagas.add(orders.engine().whenSettled(id).get(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        Set<String> completed = sagas.stream().filter(s -> s.status() == SagaStatus.COMPLETED)
                .map(s -> s.data(OrderData.class).orderId()).collect(Collectors.toSet());
        awaitNotifications(completed);
        Result run = new Result(sagas, inventory.stock(), inventory.reservedOrders(), payment.charges(),
                notification.sent());
        result = run;
        print(run);
    }

    /** Confirmations go out asynchronously after the saga completed: give them a moment before printing. */
    private void awaitNotifications(Set<String> completed) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!notification.sent().containsAll(completed) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void print(Result run) {
        StringBuilder text = new StringBuilder("\n=== Sagaflow order-placement demo: ").append(run.sagas().size())
                .append(" orders placed on startup ===\n");
        for (SagaInstance saga : run.sagas()) {
            OrderData data = saga.data(OrderData.class);
            text.append(String.format("order %-4s %-8s %-11s %s%n", data.orderId(), data.customer(), saga.status(),
                    saga.failureReason() == null ? "" : "because " + saga.failureReason()));
            if (!saga.compensatedSteps().isEmpty()) {
                text.append(String.format("           compensated: %s%n", String.join(", ",
                        saga.compensatedSteps())));
            }
        }
        text.append(String.format("%n%d completed, %d compensated, %d failed%n", run.count(SagaStatus.COMPLETED),
                run.count(SagaStatus.COMPENSATED), run.count(SagaStatus.FAILED)));
        text.append(String.format("inventory: stock %s, reserved for %s%n", run.stock(), run.reserved()));
        text.append(String.format("payment:   charged %s%n", run.charged()));
        text.append(String.format("notified:  %s%n", run.notified()));
        text.append(String.format("%nhistory of order A-1:%n%s%n", run.sagas().get(0).history().stream()
                .map(HistoryEntry::toString).map(l -> "  " + l).collect(Collectors.joining("\n"))));
        String base = "http://localhost:" + port();
        text.append(String.format("%nREST API on %s, for example:%n", base))
                .append(String.format("  curl -s -X POST %s/orders -H 'Content-Type: application/json' \\%n", base))
                .append("       -d '{\"customer\":\"zoe\",\"sku\":\"book\",\"quantity\":1,\"amountCents\":1500}'\n")
                .append(String.format("  curl -s %s/orders/A-3%n", base))
                .append("Press Ctrl-C to stop.\n");
        out.print(text);
        out.flush();
    }

    private int port() {
        return context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
    }

    /** @return the seeded run's result, once it has run */
    @Nullable Result result() {
        return result;
    }
}
