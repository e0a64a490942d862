package io.sagaflow.examples.order;

import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spring.SagaflowProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The notification service: in every embedded run, and in distributed mode under the {@code notification} profile. */
@Configuration(proxyBeanMethods = false)
@Profile("notification | !distributed")
class NotificationConfiguration {
    @Bean(destroyMethod = "")
    NotificationService notificationService(ServiceDatabases databases) {
        return new NotificationService(databases.open("notification"));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ParticipantHost notificationHost(NotificationService notification, MessageBroker broker, MessageCodec codec,
                                     SagaflowProperties properties) {
        return new ParticipantHost(notification.database(), broker, codec, properties.getJdbc().isCreateSchema(),
                transactions -> notification.participant());
    }
}
