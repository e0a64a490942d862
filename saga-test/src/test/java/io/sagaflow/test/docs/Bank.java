package io.sagaflow.test.docs;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.SagaDefinition;
import io.sagaflow.test.SagaWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

// tag::world[]
/** A world for the transfer saga: two accounts and the participant that moves money between them. */
public final class Bank implements SagaWorld {
    public record Transfer(String id, String from, String to, long amount) { }
    public record Debit(String account, long amount) { }
    public record Refund(String account, long amount) { }
    public record Credit(String account, long amount) { }

    public static final SagaDefinition<Transfer> TRANSFER = SagaDefinition.builder("transfer", Transfer.class)
            .defaultTimeout(Duration.ofSeconds(30))
            .step("debit-source")
                .invokeParticipant("accounts", t -> new Debit(t.from(), t.amount()))
                .withCompensation("accounts", t -> new Refund(t.from(), t.amount()))
            .step("credit-target")
                .invokeParticipant("accounts", t -> new Credit(t.to(), t.amount()))
                .pivot()
            .build();

    private final Map<String, Long> balances = new ConcurrentHashMap<>(Map.of("alice", 100L, "bob", 0L));
    private final Set<String> applied = ConcurrentHashMap.newKeySet(); // idempotency keys already applied

    @Override
    public List<Participant> participants() {
        return List.of(Participant.builder("accounts")
                .onCommand(Debit.class, (debit, ctx) -> {
                    if (balances.get(debit.account()) < debit.amount()) {
                        return CommandOutcome.failure("insufficient funds in " + debit.account());
                    }
                    if (applied.add(ctx.idempotencyKey())) {        // a retried command changes nothing twice
                        balances.merge(debit.account(), -debit.amount(), Long::sum);
                    }
                    return CommandOutcome.success();
                })
                .onCommand(Refund.class, (refund, ctx) -> {
                    // Refund only a debit that happened: an uncertain step is compensated too.
                    if (applied.contains(ctx.idempotencyKey()) && applied.add(ctx.idempotencyKey() + "/refund")) {
                        balances.merge(refund.account(), refund.amount(), Long::sum);
                    }
                    return CommandOutcome.success();
                })
                .onCommand(Credit.class, (credit, ctx) -> {
                    if (applied.add(ctx.idempotencyKey())) {
                        balances.merge(credit.account(), credit.amount(), Long::sum);
                    }
                    return CommandOutcome.success();
                })
                .build());
    }

    public long balance(String account) {
        return balances.get(account);
    }
}
// end::world[]
