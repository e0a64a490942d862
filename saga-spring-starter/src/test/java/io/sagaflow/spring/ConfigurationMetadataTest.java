package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaEngineConfig;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The generated IDE metadata documents every property, with defaults that match the core's constants. */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> properties() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("metadata generated at build").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
                byName.put(property.get("name").asString(), property);
            }
            return byName;
        }
    }

    @Test
    void describesEverySagaflowProperty() throws Exception {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).containsKeys("sagaflow.broker", "sagaflow.engine.reply-group",
                "sagaflow.rabbitmq.host", "sagaflow.rabbitmq.port", "sagaflow.rabbitmq.virtual-host",
                "sagaflow.rabbitmq.username", "sagaflow.rabbitmq.password", "sagaflow.rabbitmq.uri",
                "sagaflow.rabbitmq.ssl.enabled", "sagaflow.rabbitmq.prefix", "sagaflow.rabbitmq.quorum",
                "sagaflow.rabbitmq.prefetch", "sagaflow.rabbitmq.consumers", "sagaflow.jdbc.create-schema",
                "sagaflow.jdbc.table-prefix", "sagaflow.jdbc.schema", "sagaflow.jdbc.retention",
                "sagaflow.jdbc.housekeeping-interval", "sagaflow.jdbc.group-commit", "sagaflow.jdbc.max-batch-size",
                "sagaflow.jdbc.hand-over-on-commit", "sagaflow.jdbc.hand-over-lease",
                "sagaflow.rabbitmq.delivery-limit",
                "sagaflow.rabbitmq.redelivery-delay", "sagaflow.rabbitmq.connection-name",
                "sagaflow.actuator.mutations-enabled", "sagaflow.health.stuck-after");
        properties.forEach((name, property) -> {
            if (name.startsWith("sagaflow.")) {
                assertThat(property.get("description")).as("description of %s", name).isNotNull();
                assertThat(property.get("description").asString()).as(name).isNotBlank();
            }
        });
    }

    @Test
    void declaresDefaultsThatMatchTheCoreConstants() throws Exception {
        Map<String, JsonNode> p = properties();
        assertThat(p.get("sagaflow.engine.reply-group").get("defaultValue").asString())
                .isEqualTo(SagaEngineConfig.DEFAULT_REPLY_GROUP);
        assertThat(p.get("sagaflow.rabbitmq.delivery-limit").get("defaultValue").asInt())
                .isEqualTo(io.sagaflow.rabbitmq.RabbitMqSettings.DEFAULT_DELIVERY_LIMIT);
        assertThat(p.get("sagaflow.rabbitmq.redelivery-delay").get("defaultValue").asString())
                .isEqualTo(io.sagaflow.rabbitmq.RabbitMqSettings.DEFAULT_REDELIVERY_DELAY.toMillis() + "ms");
        assertThat(p.get("sagaflow.rabbitmq.prefetch").get("defaultValue").asInt())
                .isEqualTo(io.sagaflow.rabbitmq.RabbitMqSettings.DEFAULT_PREFETCH);
        assertThat(p.get("sagaflow.rabbitmq.connection-name").get("defaultValue").asString())
                .isEqualTo(io.sagaflow.rabbitmq.RabbitMqSettings.DEFAULT_CONNECTION_NAME);
        assertThat(p.get("sagaflow.jdbc.retention").get("defaultValue").asString())
                .isEqualTo(io.sagaflow.jdbc.JdbcHousekeeper.DEFAULT_RETENTION.toDays() + "d");
        assertThat(p.get("sagaflow.jdbc.housekeeping-interval").get("defaultValue").asString())
                .isEqualTo(io.sagaflow.jdbc.JdbcHousekeeper.DEFAULT_INTERVAL.toHours() + "h");
        assertThat(p.get("sagaflow.jdbc.max-batch-size").get("defaultValue").asInt())
                .isEqualTo(io.sagaflow.jdbc.JdbcSagaStore.DEFAULT_MAX_BATCH_SIZE);
        assertThat(p.get("sagaflow.jdbc.table-prefix").get("defaultValue").asString())
                .isEqualTo(io.sagaflow.jdbc.JdbcSagaStore.DEFAULT_TABLE_PREFIX);
        assertThat(p.get("sagaflow.engine.timer-batch-size").get("defaultValue").asInt())
                .isEqualTo(SagaEngineConfig.DEFAULT_TIMER_BATCH_SIZE);
        assertThat(p.get("sagaflow.engine.outbox-batch-size").get("defaultValue").asInt())
                .isEqualTo(SagaEngineConfig.DEFAULT_OUTBOX_BATCH_SIZE);
        assertThat(p.get("sagaflow.engine.max-concurrent-update-retries").get("defaultValue").asInt())
                .isEqualTo(SagaEngineConfig.DEFAULT_MAX_CONCURRENT_UPDATE_RETRIES);
        assertThat(p.get("sagaflow.engine.timer-poll-interval").get("defaultValue").asString())
                .isEqualTo(SagaEngineConfig.DEFAULT_TIMER_POLL_INTERVAL.toMillis() + "ms");
        assertThat(p.get("sagaflow.engine.local-step-lease").get("defaultValue").asString())
                .isEqualTo(SagaEngineConfig.DEFAULT_LOCAL_STEP_LEASE.toSeconds() + "s");
        assertThat(p.get("sagaflow.codec.max-payload-bytes").get("defaultValue").asInt())
                .isEqualTo(JacksonMessageCodec.DEFAULT_MAX_PAYLOAD_BYTES);
        assertThat(p.get("sagaflow.in-memory.max-deliveries").get("defaultValue").asInt())
                .isEqualTo(InMemoryMessageBroker.DEFAULT_MAX_DELIVERIES);
        assertThat(p.get("sagaflow.in-memory.consumers").get("defaultValue").asInt())
                .isEqualTo(InMemoryMessageBroker.DEFAULT_CONSUMERS);
        assertThat(p.get("sagaflow.in-memory.dispatch").get("defaultValue").asString())
                .isEqualTo(new SagaflowProperties().getInMemory().getDispatch().name().toLowerCase(Locale.ROOT));
        assertThat(p.get("sagaflow.in-memory.redelivery-delay").get("defaultValue").asString())
                .isEqualTo(InMemoryMessageBroker.DEFAULT_REDELIVERY_DELAY.toMillis() + "ms");
        assertThat(p.get("sagaflow.participants.inbox-capacity").get("defaultValue").asInt())
                .isEqualTo(InMemoryParticipantInbox.DEFAULT_CAPACITY);
        assertThat(p.get("sagaflow.in-memory.keep-settled").get("defaultValue").asInt())
                .isEqualTo(io.sagaflow.inmemory.InMemorySagaStore.DEFAULT_KEEP_SETTLED);
    }
}
