package io.sagaflow.test.docs;

import static io.sagaflow.test.Messages.commandsTo;
import static io.sagaflow.test.SagaAssert.assertThat;
import static io.sagaflow.test.Transitions.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.test.SagaHarness;
import io.sagaflow.test.SagaRun;
import io.sagaflow.test.SagaTest;
import io.sagaflow.test.docs.Bank.Transfer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples of docs/testing.md; DocsInSyncTest checks that the page quotes them as they are here. */
// tag::harness[]
@SagaTest(seed = 42)
class TransferSagaExample {
    private final Bank bank = new Bank();
    private final Transfer transfer = new Transfer("t-1", "alice", "bob", 30);

    @Test
    void refundsTheSourceWhenTheTargetRefusesTheCredit(SagaHarness harness) {
        harness.register(Bank.TRANSFER).participants(bank.participants());
        harness.failStep("credit-target").withBusinessFailure("account closed").always();

        SagaRun run = harness.run(Bank.TRANSFER, transfer);

        assertThat(run).isCompensated()
                .compensatedInReverseOrder()
                .sentCommands("accounts:Debit", "accounts:Credit", "accounts:Refund");
        assertThat(bank.balance("alice")).isEqualTo(100);
    }

    @Test
    void survivesLostRepliesDuplicatesAndACrash(SagaHarness harness) {
        harness.register(Bank.TRANSFER).participants(bank.participants());
        harness.replyLate("debit-source", Duration.ofSeconds(40)).once();   // times out, the debit is sent again
        harness.duplicate(commandsTo("accounts"));                          // every command arrives twice
        harness.crashAfter(transition().stepSucceeded("debit-source"));     // a fresh engine takes over

        SagaRun run = harness.run(Bank.TRANSFER, transfer);

        assertThat(run).completes().survivedCrashes(1);
        assertThat(bank.balance("alice")).isEqualTo(70);
        assertThat(bank.balance("bob")).isEqualTo(30);
    }
}
// end::harness[]
