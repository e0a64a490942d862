/**
 * The runnable example quoted by {@code docs/durability.md}, and the test that runs it and keeps the page in step
 * with the code.
 */
@NullMarked
package io.sagaflow.jdbc.docs;

import org.jspecify.annotations.NullMarked;
