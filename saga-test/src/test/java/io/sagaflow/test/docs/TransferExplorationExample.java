package io.sagaflow.test.docs;

import io.sagaflow.test.ExplorationReport;
import io.sagaflow.test.SagaExplorer;
import io.sagaflow.test.ShadowComparison;
import io.sagaflow.test.ShadowReport;
import io.sagaflow.test.docs.Bank.Transfer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exploration and shadow comparison, as docs/testing.md shows them. */
class TransferExplorationExample {
    private static final Transfer TRANSFER = new Transfer("t-1", "alice", "bob", 30);

    @Test
    // tag::explore[]
    void noFailurePointLosesOrCreatesMoney() {
        ExplorationReport report = SagaExplorer.of(Bank.TRANSFER, Bank::new)
                .input(TRANSFER)
                .invariant("money is conserved", (bank, saga) -> bank.balance("alice") + bank.balance("bob") == 100)
                .invariant("bob is credited only when the transfer completed",
                        (bank, saga) -> bank.balance("bob") == (saga.status().name().equals("COMPLETED") ? 30 : 0))
                .seed(42)
                .explore();

        report.assertNoFindings();      // on failure: each point, what broke, the saga's trace, how to rerun it
    }
    // end::explore[]

    @Test
    // tag::shadow[]
    void endsWhereTheMonolithsTransactionEnds() {
        ShadowReport<Transfer, Map<String, Long>> report = ShadowComparison.of(Bank.TRANSFER, Bank::new,
                        (bank, transfer) -> Map.of("alice", bank.balance("alice"), "bob", bank.balance("bob")))
                .inputs(TRANSFER, new Transfer("t-2", "alice", "bob", 500))
                .reference((transfer, failure) -> {
                    // The monolith: one database transaction, all or nothing.
                    boolean commits = failure.failingStep().isEmpty() && transfer.amount() <= 100;
                    return commits ? Map.of("alice", 100 - transfer.amount(), "bob", transfer.amount())
                            : Map.of("alice", 100L, "bob", 0L);
                })
                .seed(42)
                .compare();

        report.assertNoMismatches();
    }
    // end::shadow[]
}
