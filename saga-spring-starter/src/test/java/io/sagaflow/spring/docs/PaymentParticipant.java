package io.sagaflow.spring.docs;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.annotation.CommandHandler;
import io.sagaflow.annotation.SagaParticipant;
import io.sagaflow.spring.docs.OrderMessages.ChargePayment;
import io.sagaflow.spring.docs.OrderMessages.PaymentCharged;
import org.springframework.stereotype.Component;

/** The payment service: refuses charges over its limit, and charges once per saga step whatever the redeliveries. */
@Component
@SagaParticipant("payment")
public class PaymentParticipant {
    /** Charges above this are declined. */
    public static final long LIMIT_CENTS = 100_000;

    @CommandHandler
    CommandOutcome charge(ChargePayment command, CommandContext context) {
        if (command.amountCents() > LIMIT_CENTS) {
            return CommandOutcome.failure("card declined: " + command.amountCents() + " cents is over the limit");
        }
        // A real gateway takes context.idempotencyKey() so that a retried charge is not charged twice.
        return CommandOutcome.success(new PaymentCharged("pay-" + context.idempotencyKey()));
    }
}
