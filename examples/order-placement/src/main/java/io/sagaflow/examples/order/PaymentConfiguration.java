package io.sagaflow.examples.order;

import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spring.SagaflowProperties;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The payment service: in every embedded run, and in distributed mode under the {@code payment} profile. It declines
 * the cards of {@code demo.payment.declined-customers} ({@code mallory}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("payment | !distributed")
class PaymentConfiguration {
    @Bean(destroyMethod = "")
    PaymentService paymentService(ServiceDatabases databases, Environment environment) {
        Set<String> declined = Arrays.stream(environment.getProperty("demo.payment.declined-customers", "mallory")
                .split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new PaymentService(databases.open("payment"), declined);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ParticipantHost paymentHost(PaymentService payment, MessageBroker broker, MessageCodec codec,
                                SagaflowProperties properties) {
        return new ParticipantHost(payment.database(), broker, codec, properties.getJdbc().isCreateSchema(),
                payment::participant);
    }
}
