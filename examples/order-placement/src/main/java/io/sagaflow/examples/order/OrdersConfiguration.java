package io.sagaflow.examples.order;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The order service, which orchestrates the saga: in every embedded run, and in distributed mode under the
 * {@code orders} profile, with {@link PlaceOrderSaga}, {@link OrderService} and {@link OrderController}. Its database
 * holds the sagas (the durable saga store) and is the application's only {@link DataSource} bean; the other
 * services' databases are private to their {@link ParticipantHost}s.
 */
@Configuration(proxyBeanMethods = false)
@Profile("orders | !distributed")
class OrdersConfiguration {
    @Bean(destroyMethod = "close")
    ServiceDatabase ordersDatabase(ServiceDatabases databases) {
        return databases.open("orders");
    }

    @Bean
    DataSource ordersDataSource(ServiceDatabase ordersDatabase) {
        return ordersDatabase.dataSource();
    }
}
