package io.sagaflow.spring;

import io.sagaflow.SagaEngineConfig;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Sagaflow's settings under {@code sagaflow.*}. Every field's Javadoc becomes the property's description in the
 * IDE; defaults are the core's {@code DEFAULT_*} constants.
 *
 * <p>Bound once at startup; not thread-safe to change afterwards.
 *
 * @since 0.1
 */
@ConfigurationProperties("sagaflow")
public class SagaflowProperties {
    /** Which message broker to use. Unset: RabbitMQ when it is configured, the in-memory broker otherwise. */
    private @Nullable BrokerType broker;

    /** The orchestrator (saga engine). */
    @NestedConfigurationProperty
    private final Engine engine = new Engine();

    /** The participant runtime that hosts @SagaParticipant beans. */
    @NestedConfigurationProperty
    private final Participants participants = new Participants();

    /** The message codec. */
    @NestedConfigurationProperty
    private final Codec codec = new Codec();

    /** The in-memory broker, used when no other broker is configured. */
    @NestedConfigurationProperty
    private final InMemory inMemory = new InMemory();

    /** The RabbitMQ broker (module saga-rabbitmq). */
    @NestedConfigurationProperty
    private final RabbitMqSettings rabbitmq = new RabbitMqSettings();

    /** The JDBC saga store (module saga-jdbc), used when a DataSource is present. */
    @NestedConfigurationProperty
    private final JdbcSettings jdbc = new JdbcSettings();

    /** The health indicator. */
    @NestedConfigurationProperty
    private final HealthSettings health = new HealthSettings();

    /** The "sagas" actuator endpoint. */
    @NestedConfigurationProperty
    private final ActuatorSettings actuator = new ActuatorSettings();

    /** @return the broker type, or null to decide from what is configured */
    public @Nullable BrokerType getBroker() {
        return broker;
    }

    /** @param broker the broker type */
    public void setBroker(@Nullable BrokerType broker) {
        this.broker = broker;
    }

    /** @return engine settings */
    public Engine getEngine() {
        return engine;
    }

    /** @return participant settings */
    public Participants getParticipants() {
        return participants;
    }

    /** @return codec settings */
    public Codec getCodec() {
        return codec;
    }

    /** @return in-memory broker settings */
    public InMemory getInMemory() {
        return inMemory;
    }

    /** @return RabbitMQ settings */
    public RabbitMqSettings getRabbitmq() {
        return rabbitmq;
    }

    /** @return JDBC settings */
    public JdbcSettings getJdbc() {
        return jdbc;
    }

    /** @return health settings */
    public HealthSettings getHealth() {
        return health;
    }

    /** @return actuator endpoint settings */
    public ActuatorSettings getActuator() {
        return actuator;
    }

    /** The brokers Sagaflow can use. */
    public enum BrokerType {
        /** In this JVM only: for tests and single-process applications. Nothing survives a restart. */
        IN_MEMORY,
        /** RabbitMQ, through the saga-rabbitmq module. */
        RABBITMQ
    }

    /** Settings of the saga engine (the orchestrator). */
    public static class Engine {
        /** Whether to run the orchestrator in this application. Off for a service that only hosts participants. */
        private boolean enabled = true;

        /** The orchestrator group: engines in one group share a reply channel and compete for replies. */
        private String replyGroup = SagaEngineConfig.DEFAULT_REPLY_GROUP;

        /** How often stored timers (reply timeouts, retries, expired leases) are looked for. */
        private Duration timerPollInterval = SagaEngineConfig.DEFAULT_TIMER_POLL_INTERVAL;

        /** How many due sagas one timer poll takes at most. */
        private int timerBatchSize = SagaEngineConfig.DEFAULT_TIMER_BATCH_SIZE;

        /** How long a local step may run before another engine may assume this one died and run it again. */
        private Duration localStepLease = SagaEngineConfig.DEFAULT_LOCAL_STEP_LEASE;

        /** How many outbox messages one relay publish sends at most. */
        private int outboxBatchSize = SagaEngineConfig.DEFAULT_OUTBOX_BATCH_SIZE;

        /**
         * How many threads move messages from the store's outbox to the broker. With a database store each waits for
         * the broker's confirms and the commit of every batch, so a second one claims what was committed meanwhile;
         * each saga's messages still leave in order.
         */
        private int relayThreads = SagaEngineConfig.DEFAULT_RELAY_THREADS;

        /** The reply timeout of participant steps that set none. Unset: wait for ever. */
        private @Nullable Duration defaultTimeout;

        /** How often a reply is applied again after losing an optimistic-lock race with another engine. */
        private int maxConcurrentUpdateRetries = SagaEngineConfig.DEFAULT_MAX_CONCURRENT_UPDATE_RETRIES;

        /** @return whether the orchestrator runs */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the orchestrator runs */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the orchestrator group */
        public String getReplyGroup() {
            return replyGroup;
        }

        /** @param replyGroup the orchestrator group */
        public void setReplyGroup(String replyGroup) {
            this.replyGroup = replyGroup;
        }

        /** @return the timer poll interval */
        public Duration getTimerPollInterval() {
            return timerPollInterval;
        }

        /** @param timerPollInterval the timer poll interval */
        public void setTimerPollInterval(Duration timerPollInterval) {
            this.timerPollInterval = timerPollInterval;
        }

        /** @return the timer batch size */
        public int getTimerBatchSize() {
            return timerBatchSize;
        }

        /** @param timerBatchSize the timer batch size */
        public void setTimerBatchSize(int timerBatchSize) {
            this.timerBatchSize = timerBatchSize;
        }

        /** @return the local step lease */
        public Duration getLocalStepLease() {
            return localStepLease;
        }

        /** @param localStepLease the local step lease */
        public void setLocalStepLease(Duration localStepLease) {
            this.localStepLease = localStepLease;
        }

        /** @return the outbox batch size */
        public int getOutboxBatchSize() {
            return outboxBatchSize;
        }

        /** @param outboxBatchSize the outbox batch size */
        public void setOutboxBatchSize(int outboxBatchSize) {
            this.outboxBatchSize = outboxBatchSize;
        }

        /** @return the outbox relay threads */
        public int getRelayThreads() {
            return relayThreads;
        }

        /** @param relayThreads the outbox relay threads */
        public void setRelayThreads(int relayThreads) {
            this.relayThreads = relayThreads;
        }

        /** @return the default reply timeout, or null */
        public @Nullable Duration getDefaultTimeout() {
            return defaultTimeout;
        }

        /** @param defaultTimeout the default reply timeout */
        public void setDefaultTimeout(@Nullable Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }

        /** @return the optimistic-lock retries */
        public int getMaxConcurrentUpdateRetries() {
            return maxConcurrentUpdateRetries;
        }

        /** @param maxConcurrentUpdateRetries the optimistic-lock retries */
        public void setMaxConcurrentUpdateRetries(int maxConcurrentUpdateRetries) {
            this.maxConcurrentUpdateRetries = maxConcurrentUpdateRetries;
        }

        /** @return these settings as the core's config */
        public SagaEngineConfig toConfig() {
            return SagaEngineConfig.builder().replyGroup(replyGroup).timerPollInterval(timerPollInterval)
                    .timerBatchSize(timerBatchSize).localStepLease(localStepLease).outboxBatchSize(outboxBatchSize)
                    .relayThreads(relayThreads).defaultTimeout(defaultTimeout)
                    .maxConcurrentUpdateRetries(maxConcurrentUpdateRetries).build();
        }
    }

    /** Settings of the participant runtime. */
    public static class Participants {
        /** Whether to host @SagaParticipant and Participant beans in this application. */
        private boolean enabled = true;

        /**
         * Whether each command's handler runs inside a transaction of the application's transaction manager, so the
         * business change (and, with the JDBC inbox, the inbox record and the reply) commit together.
         */
        private boolean transactional = true;

        /** How many message ids the in-memory inbox remembers to answer redeliveries without running them again. */
        private int inboxCapacity = InMemoryParticipantInbox.DEFAULT_CAPACITY;

        /** @return whether participants are hosted */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether participants are hosted */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return whether handlers run in a transaction */
        public boolean isTransactional() {
            return transactional;
        }

        /** @param transactional whether handlers run in a transaction */
        public void setTransactional(boolean transactional) {
            this.transactional = transactional;
        }

        /** @return the in-memory inbox capacity */
        public int getInboxCapacity() {
            return inboxCapacity;
        }

        /** @param inboxCapacity the in-memory inbox capacity */
        public void setInboxCapacity(int inboxCapacity) {
            this.inboxCapacity = inboxCapacity;
        }
    }

    /** Settings of the JSON codec. */
    public static class Codec {
        /** The largest message payload or saga data read, in bytes; larger messages are dead-lettered. */
        private int maxPayloadBytes = JacksonMessageCodec.DEFAULT_MAX_PAYLOAD_BYTES;

        /** @return the payload limit */
        public int getMaxPayloadBytes() {
            return maxPayloadBytes;
        }

        /** @param maxPayloadBytes the payload limit */
        public void setMaxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
        }
    }

    /** Settings of the in-memory broker. */
    public static class InMemory {
        /** Deliveries of one message before it is dead-lettered. */
        private int maxDeliveries = InMemoryMessageBroker.DEFAULT_MAX_DELIVERIES;

        /** Pause before a message whose handler failed is delivered again. */
        private Duration redeliveryDelay = InMemoryMessageBroker.DEFAULT_REDELIVERY_DELAY;

        /** Consumer threads per subscription. */
        private int consumers = InMemoryMessageBroker.DEFAULT_CONSUMERS;

        /**
         * How a message reaches its handler: queued, through its queue to a consumer thread; or direct, a message
         * that a handler publishes is handled on that handler's thread once it returns, and startSaga runs the saga
         * on the calling thread, with no queue or thread hand-off (for handlers that compute rather than wait).
         */
        private InMemoryMessageBroker.Dispatch dispatch = InMemoryMessageBroker.Dispatch.QUEUED;

        /**
         * How many sagas that ended (COMPLETED or COMPENSATED) the in-memory store keeps for queries and the
         * dashboard; older ones are forgotten as new ones end. Running and FAILED sagas are always kept.
         */
        private int keepSettled = InMemorySagaStore.DEFAULT_KEEP_SETTLED;

        /** @return the delivery limit */
        public int getMaxDeliveries() {
            return maxDeliveries;
        }

        /** @param maxDeliveries the delivery limit */
        public void setMaxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
        }

        /** @return the redelivery delay */
        public Duration getRedeliveryDelay() {
            return redeliveryDelay;
        }

        /** @param redeliveryDelay the redelivery delay */
        public void setRedeliveryDelay(Duration redeliveryDelay) {
            this.redeliveryDelay = redeliveryDelay;
        }

        /** @return consumers per subscription */
        public int getConsumers() {
            return consumers;
        }

        /** @param consumers consumers per subscription */
        public void setConsumers(int consumers) {
            this.consumers = consumers;
        }

        /** @return how a message reaches its handler */
        public InMemoryMessageBroker.Dispatch getDispatch() {
            return dispatch;
        }

        /** @param dispatch how a message reaches its handler */
        public void setDispatch(InMemoryMessageBroker.Dispatch dispatch) {
            this.dispatch = dispatch;
        }

        /** @return how many ended sagas the in-memory store keeps */
        public int getKeepSettled() {
            return keepSettled;
        }

        /** @param keepSettled how many ended sagas the in-memory store keeps */
        public void setKeepSettled(int keepSettled) {
            this.keepSettled = keepSettled;
        }
    }
}
