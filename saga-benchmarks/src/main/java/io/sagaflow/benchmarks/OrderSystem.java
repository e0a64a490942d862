package io.sagaflow.benchmarks;

/**
 * The order-placement workload on one saga implementation: reserve inventory, charge payment, send a confirmation;
 * release the inventory when payment is declined.
 */
interface OrderSystem extends AutoCloseable {
    /** @return the name in reports */
    String name();

    /**
     * Places an order. {@link Ticket#settled} is called exactly once, on any thread, possibly before this returns.
     *
     * @param ticket the order
     */
    void place(Ticket ticket);

    /** @return what the participants did, for the correctness checks */
    Ledger ledger();

    @Override
    void close();
}
