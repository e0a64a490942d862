package io.sagaflow.examples.order;

import io.sagaflow.HistoryEntry;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The order service's REST API: {@code POST /orders} places an order (202 Accepted: the saga runs on), and
 * {@code GET /orders/{id}} shows its saga's status and history.
 */
@RestController
@RequestMapping("/orders")
@Profile("orders | !distributed")
class OrderController {
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * @param orderId optional: the client's id, which makes a repeated request place the order once
     * @param customer who orders
     * @param sku what
     * @param quantity how many
     * @param amountCents the price
     */
    record PlaceOrderRequest(@Nullable String orderId, String customer, String sku, int quantity, long amountCents) {
    }

    /** What {@code POST /orders} answers. */
    record OrderPlaced(String orderId, String sagaId) {
    }

    /** What {@code GET /orders/{id}} answers. */
    record OrderView(String orderId, String sagaId, String status, @Nullable String failureReason,
                     @Nullable String currentStep, OrderData order, List<String> history) {
        static OrderView of(SagaInstance saga) {
            OrderData order = saga.data(OrderData.class);
            return new OrderView(order.orderId(), saga.id().value(), saga.status().name(), saga.failureReason(),
                    saga.currentStep(), order, saga.history().stream().map(HistoryEntry::toString).toList());
        }
    }

    @PostMapping
    ResponseEntity<OrderPlaced> place(@RequestBody PlaceOrderRequest request) {
        String orderId = request.orderId() == null ? "O-" + UUID.randomUUID().toString().substring(0, 8)
                : request.orderId();
        if (!ORDER_ID.matcher(orderId).matches() || request.quantity() <= 0 || request.amountCents() < 0
                || request.customer() == null || request.sku() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "an order needs customer, sku, quantity > 0, "
                    + "amountCents >= 0, and an orderId of letters, digits and '-' if given");
        }
        SagaId sagaId = orders.placeOrder(OrderData.of(orderId, request.customer(), request.sku(), request.quantity(),
                request.amountCents()));
        return ResponseEntity.accepted().location(URI.create("/orders/" + orderId))
                .body(new OrderPlaced(orderId, sagaId.value()));
    }

    @GetMapping("/{orderId}")
    OrderView get(@PathVariable String orderId) {
        return orders.find(orderId).map(OrderView::of).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + orderId));
    }
}
