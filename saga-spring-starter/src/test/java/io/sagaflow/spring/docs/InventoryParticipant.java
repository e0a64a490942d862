package io.sagaflow.spring.docs;

import io.sagaflow.CommandOutcome;
import io.sagaflow.annotation.CommandHandler;
import io.sagaflow.annotation.EventHandler;
import io.sagaflow.annotation.SagaParticipant;
import io.sagaflow.spring.docs.OrderMessages.OrderConfirmed;
import io.sagaflow.spring.docs.OrderMessages.ReleaseStock;
import io.sagaflow.spring.docs.OrderMessages.ReserveStock;
import io.sagaflow.spring.docs.OrderMessages.StockReserved;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

// tag::participant[]
/** The inventory service's side of the saga. Handlers run in the service's transaction when it has one. */
@Component
@SagaParticipant("inventory")
public class InventoryParticipant {
    private final Map<String, Integer> stock = new HashMap<>(Map.of("book", 10));
    private final Map<String, ReserveStock> reservations = new HashMap<>();
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    @CommandHandler
    synchronized CommandOutcome reserve(ReserveStock command) {
        if (!reservations.containsKey(command.orderId())) { // a command delivered twice reserves once
            int left = stock.getOrDefault(command.sku(), 0);
            if (left < command.quantity()) {
                return CommandOutcome.failure("out of stock: " + command.sku());
            }
            stock.put(command.sku(), left - command.quantity());
            reservations.put(command.orderId(), command);
        }
        return CommandOutcome.success(new StockReserved("r-" + command.orderId()));
    }

    @CommandHandler
    synchronized CommandOutcome release(ReleaseStock command) {
        ReserveStock reserved = reservations.remove(command.orderId()); // releasing twice changes nothing
        if (reserved != null) {
            stock.merge(reserved.sku(), reserved.quantity(), Integer::sum);
        }
        return CommandOutcome.success();
    }

    @EventHandler(topic = "order-events")
    void confirmed(OrderConfirmed event) {
        confirmed.add(event.orderId());
    }

    /** @param sku a product @return units in stock and not reserved */
    public synchronized int available(String sku) {
        return stock.getOrDefault(sku, 0);
    }
}
// end::participant[]
