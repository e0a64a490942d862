package io.sagaflow.test.docs;

import static io.sagaflow.test.Messages.commandsTo;
import static io.sagaflow.test.SagaAssert.assertThat;
import static io.sagaflow.test.Transitions.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.test.SagaHarness;
import io.sagaflow.test.SagaRun;
import io.sagaflow.test.SagaTest;
import io.sagaflow.test.docs.Bank.Transfer;
import io.sagaflow.test.durable.JdbcEnvironment;
import org.junit.jupiter.api.Test;

/** The environment example of docs/testing.md: the same harness, on the JDBC store and inbox (H2, no server). */
// tag::environment[]
@SagaTest(seed = 7, environment = JdbcEnvironment.H2.class)
class TransferOnH2Example {
    private final Bank bank = new Bank();

    @Test
    void aCrashAndDuplicatesGoThroughRealTransactions(SagaHarness harness) {
        harness.register(Bank.TRANSFER).participants(bank.participants());
        harness.duplicate(commandsTo("accounts"));                          // the JDBC inbox runs each once
        harness.crashAfter(transition().stepSucceeded("debit-source"));     // the next engine reads the database

        SagaRun run = harness.run(Bank.TRANSFER, new Transfer("t-1", "alice", "bob", 30));

        assertThat(run).completes().survivedCrashes(1);
        assertThat(bank.balance("alice")).isEqualTo(70);
        assertThat(bank.balance("bob")).isEqualTo(30);
    }
}
// end::environment[]
