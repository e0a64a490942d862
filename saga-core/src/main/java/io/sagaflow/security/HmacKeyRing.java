package io.sagaflow.security;

import io.sagaflow.SagaDefinitionException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HMAC keys a service knows: one it signs with, and every key it accepts. Keys rotate without downtime in three
 * deployments: add the new key to every service's ring (accepted, not signing); make it the signing key everywhere;
 * remove the old key.
 *
 * <p>Immutable; the secrets are copied in and never printed.
 *
 * @since 0.1
 */
public final class HmacKeyRing {
    /** Shortest secret accepted: 32 bytes, the output size of SHA-256. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String signingKeyId;
    private final Map<String, byte[]> secrets;

    private HmacKeyRing(String signingKeyId, Map<String, byte[]> secrets) {
        this.signingKeyId = signingKeyId;
        this.secrets = secrets;
    }

    /**
     * @param keyId the key's id, sent with every signature
     * @param secret the shared secret, at least {@value #MIN_SECRET_BYTES} bytes
     * @return a ring that signs with this key and accepts only it
     */
    public static HmacKeyRing of(String keyId, byte[] secret) {
        return builder().accept(keyId, secret).signWith(keyId).build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the id of the key used to sign */
    public String signingKeyId() {
        return signingKeyId;
    }

    byte[] signingSecret() {
        return secrets.get(signingKeyId);
    }

    Optional<byte[]> secret(String keyId) {
        return Optional.ofNullable(secrets.get(keyId));
    }

    @Override
    public String toString() {
        return "HmacKeyRing[signing=" + signingKeyId + ", accepted=" + secrets.keySet() + "]";
    }

    /** Collects keys; refuses short secrets and a signing key that is not accepted. */
    public static final class Builder {
        private final Map<String, byte[]> secrets = new LinkedHashMap<>();
        private String signingKeyId;

        private Builder() {
        }

        /**
         * @param keyId the key's id
         * @param secret the secret, at least {@value #MIN_SECRET_BYTES} bytes
         * @return this builder
         * @throws SagaDefinitionException for a bad id, a short secret or a duplicate id
         */
        public Builder accept(String keyId, byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
                throw new SagaDefinitionException("HMAC key id '" + keyId + "' must match " + KEY_ID.pattern());
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new SagaDefinitionException("HMAC key '" + keyId + "' has " + secret.length
                        + " bytes; at least " + MIN_SECRET_BYTES + " are needed");
            }
            if (secrets.putIfAbsent(keyId, Arrays.copyOf(secret, secret.length)) != null) {
                throw new SagaDefinitionException("HMAC key '" + keyId + "' is added twice");
            }
            return this;
        }

        /** @param keyId the accepted key to sign with @return this builder */
        public Builder signWith(String keyId) {
            this.signingKeyId = keyId;
            return this;
        }

        /**
         * @return the ring
         * @throws SagaDefinitionException if no signing key is set or it is not among the accepted keys
         */
        public HmacKeyRing build() {
            if (signingKeyId == null || !secrets.containsKey(signingKeyId)) {
                throw new SagaDefinitionException("the HMAC signing key '" + signingKeyId
                        + "' must be one of the accepted keys " + secrets.keySet());
            }
            return new HmacKeyRing(signingKeyId, Map.copyOf(secrets));
        }
    }
}
