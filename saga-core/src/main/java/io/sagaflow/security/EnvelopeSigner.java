package io.sagaflow.security;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.SagaException;
import io.sagaflow.spi.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs envelopes with HMAC-SHA256 and verifies them. The signature covers every field a broker carries faithfully —
 * ids, kind, destination, type, saga, step, correlation, reply-to, every header but the signature, and the payload —
 * in a length-prefixed canonical form. It leaves out the creation time, which brokers may round.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class EnvelopeSigner {
    /** The header holding {@code v1:<key id>:<base64url signature>}. */
    public static final String SIGNATURE = "sagaflow-signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";

    private final HmacKeyRing keys;

    /** @param keys the keys to sign with and accept */
    public EnvelopeSigner(HmacKeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * @param envelope a message to send
     * @return a copy carrying the signature header
     */
    public Envelope sign(Envelope envelope) {
        String keyId = keys.signingKeyId();
        byte[] mac = mac(keys.signingSecret(), envelope);
        return envelope.withHeaders(Map.of(SIGNATURE,
                VERSION + ":" + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac)));
    }

    /**
     * @param envelope a received message
     * @throws MessageRejectedException if the signature is missing, malformed, made with an unknown key, or does not
     *     verify
     */
    public void verify(Envelope envelope) {
        String header = envelope.header(SIGNATURE);
        if (header == null) {
            throw rejected(envelope, "has no signature");
        }
        String[] parts = header.split(":", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw rejected(envelope, "has a malformed signature header");
        }
        byte[] secret = keys.secret(parts[1]).orElseThrow(() -> rejected(envelope,
                "is signed with unknown key '" + cut(parts[1]) + "'"));
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw rejected(envelope, "has a signature that is not base64url");
        }
        if (!MessageDigest.isEqual(claimed, mac(secret, envelope))) {
            throw rejected(envelope, "has a signature that does not verify with key '" + parts[1] + "'");
        }
    }

    private static MessageRejectedException rejected(Envelope envelope, String problem) {
        return new MessageRejectedException("message " + cut(envelope.messageId()) + " (" + envelope.kind()
                + " to " + envelope.destination() + (envelope.sagaId() == null ? "" : ", saga " + cut(envelope.sagaId()))
                + ") " + problem);
    }

    private static byte[] mac(byte[] secret, Envelope envelope) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(canonical(envelope));
        } catch (GeneralSecurityException e) {
            throw new SagaException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    private static byte[] canonical(Envelope envelope) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + envelope.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            field(out, envelope.messageId());
            field(out, envelope.kind().name());
            field(out, envelope.destination().toString());
            field(out, envelope.type());
            field(out, envelope.sagaId());
            field(out, envelope.sagaType());
            field(out, envelope.step());
            field(out, envelope.correlationId());
            field(out, envelope.replyTo() == null ? null : envelope.replyTo().toString());
            TreeMap<String, String> headers = new TreeMap<>(envelope.headers());
            headers.remove(SIGNATURE);
            out.writeInt(headers.size());
            for (Map.Entry<String, String> header : headers.entrySet()) {
                field(out, header.getKey());
                field(out, header.getValue());
            }
            out.writeInt(envelope.payload().length);
            out.write(envelope.payload());
        } catch (IOException e) {
            throw new SagaException("cannot build the canonical form of " + envelope, e);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, @Nullable String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String cut(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
