package io.sagaflow.test.durable;

import java.util.Locale;

/** Reads a test setting from a system property, else the environment variable of the same name, else a default. */
final class Settings {
    private Settings() {
    }

    /**
     * @param property e.g. {@code sagaflow.test.rabbitmq.uri}; the variable is {@code SAGAFLOW_TEST_RABBITMQ_URI}
     * @param fallback the default
     * @return the value
     */
    static String value(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
