/**
 * Message authentication: services that share a key sign every envelope with HMAC-SHA256, and reject any message
 * whose signature does not verify, so that a process able to publish to a queue cannot forge a command or a reply.
 */
@NullMarked
package io.sagaflow.security;

import org.jspecify.annotations.NullMarked;
