package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.spi.BrokerState;
import io.sagaflow.testing.RequiresServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A Spring Boot application running an annotated saga over the real RabbitMQ, with its sagas, inbox and outboxes
 * in the real PostgreSQL: a unique schema and name prefix, both deleted at the end.
 */
@RequiresServers({RequiresServers.Server.POSTGRESQL, RequiresServers.Server.RABBITMQ})
class DurableApplicationTest {
    private static final String SCHEMA = "sagaflow_spring_" + UUID.randomUUID().toString().replace("-", "")
            .substring(0, 10);
    private static final RabbitCleanup RABBIT = new RabbitCleanup();
    private static ConfigurableApplicationContext application;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({TestSagas.BookTripSaga.class, TestSagas.Hotel.class})
    static class Shop {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(RequiresServers.POSTGRES_URL);
            dataSource.setUsername(RequiresServers.POSTGRES_USER);
            dataSource.setSchema(SCHEMA);
            dataSource.setMaximumPoolSize(6);
            return dataSource;
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        execute("CREATE SCHEMA " + SCHEMA);
        application = new SpringApplicationBuilder(Shop.class).web(org.springframework.boot.WebApplicationType.NONE)
                .properties("sagaflow.rabbitmq.host=" + RequiresServers.HOST,
                        "sagaflow.rabbitmq.prefix=" + RABBIT.prefix,
                        "sagaflow.rabbitmq.redelivery-delay=20ms",
                        "sagaflow.jdbc.schema=" + SCHEMA,
                        "sagaflow.engine.timer-poll-interval=50ms")
                .run();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (application != null) {
                RabbitMqMessageBroker broker = application.getBean(RabbitMqMessageBroker.class);
                application.close();
                RABBIT.delete(broker);
            }
        } finally {
            execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(RequiresServers.POSTGRES_URL,
                RequiresServers.POSTGRES_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void runsAnAnnotatedSagaOverRabbitMqWithItsStateInPostgresql() throws Exception {
        assertThat(application.getBean(io.sagaflow.spi.SagaStore.class)).isInstanceOf(JdbcSagaStore.class);
        assertThat(application.getBean(io.sagaflow.spi.ParticipantInbox.class))
                .isInstanceOf(JdbcParticipantInbox.class);
        SagaEngine engine = application.getBean(SagaEngine.class);
        SagaDefinitions definitions = application.getBean(SagaDefinitions.class);

        SagaId id = engine.startSaga(definitions.named("book-trip", TestSagas.Trip.class),
                new TestSagas.Trip("t-1", null));
        SagaInstance saga = engine.whenSettled(id).get(20, TimeUnit.SECONDS);

        assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.data(TestSagas.Trip.class).booking()).isEqualTo("b-t-1");
        JdbcTemplate jdbc = new JdbcTemplate(application.getBean(DataSource.class));
        assertThat(jdbc.queryForObject("select status from " + SCHEMA + ".sagaflow_saga where id = ?",
                String.class, id.value())).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("select count(*) from " + SCHEMA + ".sagaflow_inbox", Long.class))
                .as("book-hotel and pay recorded in the participant's inbox").isGreaterThanOrEqualTo(2);
        assertThat(application.getBean(RabbitMqMessageBroker.class).state()).isEqualTo(BrokerState.CONNECTED);
        assertThat(application.getBean(SagaflowHealthIndicator.class).health(true).getStatus())
                .isEqualTo(Status.UP);
    }

    @Test
    void compensatesOverRabbitMqWhenThePivotIsRefused() throws Exception {
        TestSagas.Hotel hotel = application.getBean(TestSagas.Hotel.class);
        SagaEngine engine = application.getBean(SagaEngine.class);
        hotel.refusePayment = true;
        try {
            SagaId id = engine.startSaga(application.getBean(SagaDefinitions.class).named("book-trip",
                    TestSagas.Trip.class), new TestSagas.Trip("t-2", null));
            SagaInstance saga = engine.whenSettled(id).get(20, TimeUnit.SECONDS);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.compensatedSteps()).containsExactly("book-hotel");
            assertThat(hotel.log).contains("book t-2", "pay t-2", "cancel t-2");
        } finally {
            hotel.refusePayment = false;
        }
    }
}
