package io.sagaflow.spring.docs;

import org.springframework.boot.autoconfigure.SpringBootApplication;

// tag::application[]
/** A Spring Boot application: the starter finds the saga and the participants among its beans. */
@SpringBootApplication
public class ShopApplication {
}
// end::application[]
