package dev.secrets4j.jwt.attacks;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jku} and {@code x5u} headers pointing at an attacker's server on loopback, which serves
 * the attacker's key and counts requests: the verifier never fetches, and the tokens fail.
 */
class RemoteKeyHeaderIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final AttackFixture at = new AttackFixture(leaks);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private String base;
    private RSAKey attackerJwk;

    @BeforeEach
    void attackerServer() throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) at.attackerKey;
        attackerJwk = new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()))).keyIDFromThumbprint().build();
        byte[] jwks = new JWKSet(attackerJwk).toString(true).getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void close() {
        server.stop(0);
        at.close();
    }

    @Test
    void server_countsRequests_soAZeroBelowMeansSomething() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/probe")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains(attackerJwk.getKeyID());
        assertThat(requests).hasValue(1);
    }

    @Test
    void verify_whenJkuPointsAtAttackerKeys_neverFetches_andFails() {
        String withKid = "{\"alg\":\"RS256\",\"kid\":\"" + attackerJwk.getKeyID() + "\",\"jku\":\"" + base + "/jwks.json\"}";
        String withoutKid = "{\"alg\":\"RS256\",\"jku\":\"" + base + "/jwks.json\"}";
        at.assertRefused(at.fx.canary(TokenForge.rs256(at.attackerKey, withKid, at.claims())), Reason.UNKNOWN_KID);
        at.assertRefused(at.fx.canary(TokenForge.rs256(at.attackerKey, withoutKid, at.claims())), Reason.BAD_SIGNATURE);
        assertThat(requests).hasValue(0);
    }

    @Test
    void verify_whenX5uPointsAtAttackerServer_neverFetches_andFails() {
        String header = "{\"alg\":\"RS256\",\"x5u\":\"" + base + "/cert.pem\"}";
        at.assertRefused(at.fx.canary(TokenForge.rs256(at.attackerKey, header, at.claims())), Reason.BAD_SIGNATURE);
        assertThat(requests).hasValue(0);
    }

    @Test
    void verify_whenRingSignedTokenCarriesJkuAndX5u_ignoresThem_andNeverFetches() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + at.ring.primaryKid() + "\",\"jku\":\"" + base
                + "/jwks.json\",\"x5u\":\"" + base + "/cert.pem\"}";
        assertThat(at.verifier.verify(at.signedByRing(header)).subject()).contains("user-42");
        assertThat(requests).hasValue(0);
    }
}
