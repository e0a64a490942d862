/**
 * Payload codecs. {@link io.sagaflow.codec.JacksonMessageCodec} reads and writes JSON with Jackson 3, bounded in
 * size and nesting, and never resolves a type from the message.
 */
@NullMarked
package io.sagaflow.codec;

import org.jspecify.annotations.NullMarked;
