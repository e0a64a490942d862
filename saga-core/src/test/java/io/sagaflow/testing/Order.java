package io.sagaflow.testing;

import java.util.ArrayList;
import java.util.List;

/** Saga data for tests: an order id and the steps whose replies were applied. */
public record Order(String id, List<String> applied) {
    public Order {
        applied = List.copyOf(applied);
    }

    public static Order of(String id) {
        return new Order(id, List.of());
    }

    public Order with(String step) {
        List<String> next = new ArrayList<>(applied);
        next.add(step);
        return new Order(id, next);
    }
}
