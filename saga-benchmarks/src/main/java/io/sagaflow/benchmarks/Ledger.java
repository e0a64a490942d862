package io.sagaflow.benchmarks;

import java.util.concurrent.atomic.LongAdder;

/** What the participants of either implementation did: counts checked by the smoke test. */
final class Ledger {
    final LongAdder reserved = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder charged = new LongAdder();
    final LongAdder declined = new LongAdder();
    final LongAdder confirmed = new LongAdder();

    @Override
    public String toString() {
        return "reserved " + reserved + ", released " + released + ", charged " + charged + ", declined "
                + declined + ", confirmed " + confirmed;
    }
}
