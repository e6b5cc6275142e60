package dev.secrets4j.examples;

import com.nimbusds.jose.jwk.JWKSet;
import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.HmacSigner;
import dev.secrets4j.hmac.HmacVerifier;
import dev.secrets4j.hmac.WebhookScheme;
import dev.secrets4j.hmac.WebhookVerification;
import dev.secrets4j.hmac.WebhookVerificationException;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the JWT and webhook snippets of the root README as they are written there, and checks that
 * the README still holds them, so the documentation cannot drift from code that works.
 */
class ReadmeSnippetsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    @Test
    void jwtSnippets_signVerifyPublishAndMigrate() throws Exception {
        String pem = JwtKeyRing.generatePrivateKeyPem();     // RSA 4096, PKCS#8 PEM; or:
        memory.set("JWT_PRIVATE_KEY", leaks.canary(pem));
        memory.set("JWT_SECRET", leaks.canary("canary-legacy-hs256-secret-0123456789abcdef"));
        try (Secrets secrets = Secrets.builder().provider(memory).require("JWT_PRIVATE_KEY").build()) {
            JwtKeyRing ring = JwtKeyRing.builder(secrets)
                .privateKey("JWT_PRIVATE_KEY")                 // PKCS#8 or PKCS#1 PEM, at least 2048 bits
                .grace(Duration.ofHours(24))                   // a replaced key still verifies this long
                .pending(Duration.ofMinutes(10))               // a new key is published this long before it signs
                .build();
            JwtSigner signer = JwtSigner.builder(ring).issuer("https://auth.example").lifetime(Duration.ofMinutes(15)).build();
            JwtVerifier verifier = JwtVerifier.builder(ring).issuer("https://auth.example").audience("orders-api").build();

            String token = signer.sign(JwtClaims.builder().subject("user-42").audience("orders-api")
                .claim("role", "admin").claim("permissions", List.of("orders:read", "orders:write")).build());
            JwtClaims claims = verifier.verify(token);         // or JwtVerificationException, reason() EXPIRED, BAD_SIGNATURE, ...
            String role = claims.stringClaim("role").orElseThrow();

            assertThat(role).isEqualTo("admin");
            assertThat(claims.claim("permissions")).contains(List.of("orders:read", "orders:write"));

            String jwks = ring.jwks();                         // {"keys":[{"kty":"RSA","kid":...,"use":"sig","alg":"RS256","n":...,"e":...}]}
            long maxAge = ring.jwksMaxAge().toSeconds();       // Cache-Control: max-age, shorter than the pending period

            assertThat(JWKSet.parse(jwks).getKeyByKeyId(ring.primaryKid())).isNotNull();
            assertThat(maxAge).isPositive().isLessThan(Duration.ofMinutes(10).toSeconds());
            ring.close();

            try (JwtKeyRing migrating = JwtKeyRing.builder(secrets)
                    .privateKey("JWT_PRIVATE_KEY")
                    .legacyHmac("JWT_SECRET", Instant.parse("2027-03-01T00:00:00Z"))
                    .build()) {
                assertThat(migrating.legacyHmacDeadline()).contains(Instant.parse("2027-03-01T00:00:00Z"));
                assertThat(JwtVerifier.builder(migrating).build().verify(token).subject()).contains("user-42");
            }
        }
    }

    @Test
    void webhookSnippet_verifiesWhatTheSignerSigns_once() {
        memory.set("GITHUB_WEBHOOK_SECRET", leaks.canary("canary-github-webhook-secret-4242"));
        memory.set("PARTNER_WEBHOOK_SECRET", leaks.canary("canary-partner-webhook-secret-4343"));
        byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
        try (Secrets secrets = Secrets.builder().provider(memory).build()) {
            // What GitHub sends, made here with our own signer for the github scheme.
            Map<String, String> headers = HmacSigner.builder(secrets, "GITHUB_WEBHOOK_SECRET")
                    .scheme(WebhookScheme.github()).build().sign(body);

            HmacVerifier github = HmacVerifier.builder(secrets, "GITHUB_WEBHOOK_SECRET")
                .scheme(WebhookScheme.github())                // github(), stripe(), slack() or custom()...build()
                .build();
            // in the handler, with the body exactly as received:
            WebhookVerification ok = github.verify(headers, body);   // or WebhookVerificationException, reason() below

            HmacSigner outgoing = HmacSigner.builder(secrets, "PARTNER_WEBHOOK_SECRET")
                .scheme(WebhookScheme.stripe())
                .build();
            Map<String, String> signed = outgoing.sign(body);  // {Stripe-Signature=t=...,v1=...}

            assertThat(ok.usedPreviousSecret()).isFalse();
            assertThatThrownBy(() -> github.verify(headers, body)).isInstanceOf(WebhookVerificationException.class)
                    .satisfies(e -> assertThat(((WebhookVerificationException) e).reason())
                            .isEqualTo(WebhookVerificationException.Reason.REPLAYED));
            assertThat(signed).containsOnlyKeys("Stripe-Signature");
            assertThat(signed.get("Stripe-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        }
    }

    @Test
    void readme_holdsTheSnippetsThisTestRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String line : List.of(
                "    .privateKey(\"JWT_PRIVATE_KEY\")                 // PKCS#8 or PKCS#1 PEM, at least 2048 bits",
                "JwtSigner signer = JwtSigner.builder(ring).issuer(\"https://auth.example\").lifetime(Duration.ofMinutes(15)).build();",
                "JwtVerifier verifier = JwtVerifier.builder(ring).issuer(\"https://auth.example\").audience(\"orders-api\").build();",
                "JwtClaims claims = verifier.verify(token);         // or JwtVerificationException, reason() EXPIRED, BAD_SIGNATURE, ...",
                "String jwks = ring.jwks();",
                "    .legacyHmac(\"JWT_SECRET\", Instant.parse(\"2027-03-01T00:00:00Z\"))",
                "HmacVerifier github = HmacVerifier.builder(secrets, \"GITHUB_WEBHOOK_SECRET\")",
                "WebhookVerification ok = github.verify(headers, body);   // or WebhookVerificationException, reason() below",
                "Map<String, String> signed = outgoing.sign(body);  // {Stripe-Signature=t=...,v1=...}")) {
            assertThat(readme).as("README line").contains(line);
        }
    }
}
