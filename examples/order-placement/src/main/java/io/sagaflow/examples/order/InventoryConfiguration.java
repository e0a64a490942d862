package io.sagaflow.examples.order;

import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spring.SagaflowProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The inventory service: in every embedded run, and in distributed mode under the {@code inventory} profile. Its
 * stock starts as {@code demo.inventory.initial-stock} ({@code book:10,lamp:2}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("inventory | !distributed")
class InventoryConfiguration {
    @Bean(destroyMethod = "")
    InventoryService inventoryService(ServiceDatabases databases, Environment environment) {
        Map<String, Integer> stock = new LinkedHashMap<>();
        for (String item : environment.getProperty("demo.inventory.initial-stock", "book:10,lamp:2").split(",")) {
            String[] skuAndCount = item.strip().split(":");
            stock.put(skuAndCount[0], Integer.parseInt(skuAndCount[1]));
        }
        return new InventoryService(databases.open("inventory"), stock);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ParticipantHost inventoryHost(InventoryService inventory, MessageBroker broker, MessageCodec codec,
                                  SagaflowProperties properties) {
        return new ParticipantHost(inventory.database(), broker, codec, properties.getJdbc().isCreateSchema(),
                inventory::participant);
    }
}
