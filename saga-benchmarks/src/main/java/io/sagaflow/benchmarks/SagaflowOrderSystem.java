package io.sagaflow.benchmarks;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import io.sagaflow.benchmarks.SagaflowMessages.ChargePayment;
import io.sagaflow.benchmarks.SagaflowMessages.DoStep;
import io.sagaflow.benchmarks.SagaflowMessages.StepDone;
import io.sagaflow.benchmarks.SagaflowMessages.UndoStep;
import io.sagaflow.benchmarks.SagaflowMessages.OrderConfirmed;
import io.sagaflow.benchmarks.SagaflowMessages.OrderData;
import io.sagaflow.benchmarks.SagaflowMessages.PaymentCharged;
import io.sagaflow.benchmarks.SagaflowMessages.ReleaseStock;
import io.sagaflow.benchmarks.SagaflowMessages.ReserveStock;
import io.sagaflow.benchmarks.SagaflowMessages.StockReserved;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaStore;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order workload as a Sagaflow saga: reserve-inventory (compensatable, released at "inventory"), charge-payment
 * (the pivot, at "payment"), send-confirmation (a retriable publish on "order-events"). The engine and the
 * participants share one broker and store, in-memory unless given others.
 */
final class SagaflowOrderSystem implements OrderSystem {
    static final SagaDefinition<OrderData> PLACE_ORDER = SagaDefinition.builder("place-order", OrderData.class)
            .step("reserve-inventory")
            .invokeParticipant("inventory", o -> new ReserveStock(o.orderNo(), "sku-" + o.orderNo() % 100, 1))
            .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
            .withCompensation("inventory", o -> new ReleaseStock(o.orderNo(), o.reservationId()))
            .step("charge-payment")
            .invokeParticipant("payment", o -> new ChargePayment(o.orderNo(), o.amountCents()))
            .onReply(PaymentCharged.class, (o, r) -> o.withPayment(r.paymentId()))
            .pivot()
            .step("send-confirmation")
            .publish("order-events", o -> new OrderConfirmed(o.orderNo(), o.paymentId()))
            .retriable()
            .build();

    private final Ledger ledger = new Ledger();
    private final Settlements settlements;
    private final SagaDefinition<OrderData> definition;
    /** The name of a system on an in-memory broker with {@link InMemoryMessageBroker.Dispatch#DIRECT}. */
    static final String DIRECT_NAME = "Sagaflow, direct dispatch";

    private final MessageBroker broker;
    private final SagaStore store;
    private final List<SagaEngine> engines;
    private final ParticipantRuntime participants;
    private final Purger purger;

    /** In memory: a new broker, with the default dispatch, and a new store. */
    SagaflowOrderSystem() {
        this(InMemoryMessageBroker.Dispatch.QUEUED);
    }

    /** @param dispatch how the new in-memory broker hands messages on; the store is a new in-memory one */
    SagaflowOrderSystem(InMemoryMessageBroker.Dispatch dispatch) {
        this(new InMemoryMessageBroker(InMemoryMessageBroker.DEFAULT_MAX_DELIVERIES,
                InMemoryMessageBroker.DEFAULT_REDELIVERY_DELAY, InMemoryMessageBroker.DEFAULT_CONSUMERS, dispatch),
                new InMemorySagaStore(), PLACE_ORDER, List.of());
    }

    /**
     * @param broker the broker
     * @param store the store
     * @param definition the saga each placed order starts
     * @param others more sagas the engine runs, not tracked by tickets
     */
    SagaflowOrderSystem(MessageBroker broker, SagaStore store, SagaDefinition<OrderData> definition,
                        List<SagaDefinition<OrderData>> others) {
        this(broker, List.of(store), definition, others);
    }

    /**
     * @param broker the broker
     * @param stores one engine per store (the same store, or stores on the same tables), all on this broker and all
     *     consuming the same reply queue as competing consumers; orders are placed on them in turn
     * @param definition the saga each placed order starts
     * @param others more sagas the engines run, not tracked by tickets
     */
    SagaflowOrderSystem(MessageBroker broker, List<SagaStore> stores, SagaDefinition<OrderData> definition,
                        List<SagaDefinition<OrderData>> others) {
        this.broker = broker;
        this.store = stores.get(0);
        this.definition = definition;
        this.settlements = new Settlements(definition.name());
        List<SagaEngine> built = new java.util.ArrayList<>();
        for (SagaStore each : stores) {
            SagaEngine.Builder builder = SagaEngine.builder().broker(broker).store(each).register(definition)
                    .listener(settlements);
            others.forEach(builder::register);
            built.add(builder.build());
        }
        this.engines = List.copyOf(built);
        this.participants = ParticipantRuntime.builder().broker(broker)
                .participant(Participant.builder("inventory")
                        .onCommand(ReserveStock.class, (c, ctx) -> {
                            ledger.reserved.increment();
                            return CommandOutcome.success(new StockReserved("r-" + c.orderNo()));
                        })
                        .onCommand(ReleaseStock.class, (c, ctx) -> {
                            ledger.released.increment();
                            return CommandOutcome.success();
                        })
                        .build())
                .participant(Participant.builder("payment")
                        .onCommand(ChargePayment.class, (c, ctx) -> {
                            if (Ticket.declined(c.orderNo())) {
                                ledger.declined.increment();
                                return CommandOutcome.failure("card declined for order " + c.orderNo());
                            }
                            ledger.charged.increment();
                            return CommandOutcome.success(new PaymentCharged("p-" + c.orderNo()));
                        })
                        .build())
                .participant(Participant.builder("svc")
                        .onCommand(DoStep.class, (c, ctx) -> CommandOutcome.success(new StepDone(c.step())))
                        .onCommand(UndoStep.class, (c, ctx) -> CommandOutcome.success())
                        .build())
                .participant(Participant.builder("notifications")
                        .onEvent("order-events", OrderConfirmed.class, e -> ledger.confirmed.increment())
                        .build())
                .build();
        this.purger = new Purger(store);
        engines.forEach(SagaEngine::start);
        participants.start();
        purger.start();
    }

    @Override
    public String name() {
        boolean direct = broker instanceof InMemoryMessageBroker memory
                && memory.dispatch() == InMemoryMessageBroker.Dispatch.DIRECT;
        return direct ? DIRECT_NAME : "Sagaflow";
    }

    @Override
    public void place(Ticket ticket) {
        SagaEngine engine = engines.get((int) (ticket.orderNo() % engines.size()));
        SagaId id = engine.startSaga(definition, new OrderData(ticket.orderNo(), 1_999, null, null));
        settlements.started(id, ticket);
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    SagaStore store() {
        return store;
    }

    MessageBroker broker() {
        return broker;
    }

    SagaEngine engine() {
        return engines.get(0);
    }

    /**
     * @param steps how many
     * @return a saga of that many compensatable steps, each a command to participant "svc" whose reply updates the
     *     data
     */
    static SagaDefinition<OrderData> chain(int steps) {
        SagaDefinition.Builder<OrderData> builder = SagaDefinition.builder("chain-" + steps, OrderData.class);
        for (int i = 0; i < steps; i++) {
            int step = i;
            builder.step("step-" + i)
                    .invokeParticipant("svc", o -> new DoStep(o.orderNo(), step))
                    .onReply(StepDone.class, (o, r) -> o.withReservation("s" + r.step()))
                    .withCompensation("svc", o -> new UndoStep(o.orderNo(), step));
        }
        return builder.build();
    }

    @Override
    public void close() {
        purger.close();
        participants.close();
        engines.forEach(SagaEngine::close);
        broker.close();
    }

    /**
     * Pairs a saga's start with its settlement. Either may come first (the saga can settle before startSaga
     * returns), so whichever arrives second finds the other and tells the ticket.
     */
    static final class Settlements implements io.sagaflow.SagaListener {
        private final ConcurrentHashMap<SagaId, Object> rendezvous = new ConcurrentHashMap<>();
        private final String sagaType;

        Settlements(String sagaType) {
            this.sagaType = sagaType;
        }

        void started(SagaId id, Ticket ticket) {
            Object other = rendezvous.putIfAbsent(id, ticket);
            if (other instanceof Boolean compensated) {
                rendezvous.remove(id);
                ticket.settled(compensated);
            }
        }

        @Override
        public void onEvent(SagaEvent event) {
            Boolean compensated = switch (event) {
                case SagaEvent.Completed c -> Boolean.FALSE;
                case SagaEvent.Compensated c -> Boolean.TRUE;
                case SagaEvent.Failed f -> throw new IllegalStateException("benchmark saga failed: " + f);
                default -> null;
            };
            if (compensated == null || !event.sagaType().equals(sagaType)) {
                return;
            }
            Object other = rendezvous.putIfAbsent(event.sagaId(), compensated);
            if (other instanceof Ticket ticket) {
                rendezvous.remove(event.sagaId());
                ticket.settled(compensated);
            }
        }

        int unmatched() {
            return rendezvous.size();
        }
    }
}
