package dev.secrets4j.spring.boot.autoconfigure.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS endpoint on a running server behind Spring Security: fetched over HTTP, used by Spring
 * Security's {@link NimbusJwtDecoder} and by a resource server protecting {@code /api/me}, through a
 * key rotation. The private keys appear in no response, log line or bean's {@code toString()}.
 */
@SpringBootTest(classes = JwksEndpointIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"secrets4j.jwt.private-key=JWT_PRIVATE_KEY", "secrets4j.jwt.issuer=https://auth.example",
                "secrets4j.jwt.jwks.enabled=true", "management.endpoints.web.exposure.include=env,configprops"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksEndpointIT {

    private static final String JWKS = "/.well-known/jwks.json";

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    static {
        leaks.canary(JwtTestSecrets.KEY_ONE);
        leaks.canary(JwtTestSecrets.middleLine(JwtTestSecrets.KEY_ONE));
        leaks.canary(JwtTestSecrets.KEY_TWO);
        leaks.canary(JwtTestSecrets.middleLine(JwtTestSecrets.KEY_TWO));
        leaks.canary(JwtTestSecrets.HMAC_SECRET);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JwtKeyRing ring;
    @Autowired
    JwtSigner signer;
    @Autowired
    Secrets secrets;
    @Autowired
    InMemorySecretProvider memory;

    @Test
    @Order(1)
    void jwks_overHttp_servesThePublicKeysWithCacheHeaders() throws Exception {
        HttpResponse<String> response = get(JWKS, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/jwk-set+json");
        assertThat(response.headers().allValues("Cache-Control"))
                .containsExactly("public, max-age=" + ring.jwksMaxAge().toSeconds());
        List<JWK> keys = JWKSet.parse(response.body()).getKeys();
        assertThat(keys).extracting(JWK::getKeyID).containsExactly(ring.primaryKid());
        assertThat(keys).noneMatch(JWK::isPrivate);
        leaks.assertNoLeak(response.body());
    }

    @Test
    @Order(2)
    void nimbusJwtDecoder_pointedAtTheEndpoint_decodesTokensOfTheSigner() {
        JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(url(JWKS)).build();

        Jwt jwt = decoder.decode(signer.sign(JwtClaims.builder().subject("user-42").claim("role", "admin").build()));

        assertThat(jwt.getSubject()).isEqualTo("user-42");
        assertThat(jwt.getClaimAsString("role")).isEqualTo("admin");
        assertThat(jwt.getIssuer()).hasToString("https://auth.example");
        assertThat(jwt.getHeaders()).containsEntry("kid", ring.primaryKid());
    }

    @Test
    @Order(3)
    void resourceServer_acceptsSignerTokens_andRefusesOthers() throws Exception {
        String token = signer.sign(JwtClaims.builder().subject("user-7").build());

        HttpResponse<String> ok = get("/api/me", token);
        HttpResponse<String> none = get("/api/me", null);
        HttpResponse<String> forged = get("/api/me", token.substring(0, token.lastIndexOf('.') + 1) + "AAAA");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("user-7");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void actuatorEnvAndConfigprops_showNoKeyMaterial() throws Exception {
        for (String path : List.of("/actuator/env", "/actuator/configprops")) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("secrets4j.jwt");
            leaks.assertNoLeak(response.body());
        }
    }

    @Test
    @Order(5)
    void rotation_decoderKeepsDecodingOldTokens_andLearnsTheNewKey(CapturedOutput output) throws Exception {
        JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(url(JWKS)).build();
        String oldKid = ring.primaryKid();
        String oldToken = signer.sign(JwtClaims.builder().subject("before").build());
        assertThat(decoder.decode(oldToken).getSubject()).isEqualTo("before"); // the decoder now holds the old set

        memory.set("JWT_PRIVATE_KEY", JwtTestSecrets.KEY_TWO);
        secrets.refresh("JWT_PRIVATE_KEY");
        String newToken = signer.sign(JwtClaims.builder().subject("after").build());

        assertThat(ring.primaryKid()).isNotEqualTo(oldKid);
        assertThat(JWKSet.parse(get(JWKS, null).body()).getKeys()).extracting(JWK::getKeyID)
                .containsExactly(ring.primaryKid(), oldKid);
        assertThat(decoder.decode(newToken).getSubject()).isEqualTo("after");
        assertThat(decoder.decode(oldToken).getSubject()).isEqualTo("before");
        assertThat(get("/api/me", newToken).body()).isEqualTo("after");
        assertThat(get("/api/me", oldToken).body()).isEqualTo("before");

        leaks.assertNoLeak(ring, signer, secrets, memory);
        // Spring Boot's console logging goes to stdout: the captured output holds the boot's log lines too.
        assertThat(output.getAll()).contains("JWT key ring ready");
        leaks.assertNoLeak(output.getAll());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The application: the test's secrets, the JWKS open to all, everything else a JWT resource server. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(JwtTestSecrets.class)
    static class App {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
            return http
                    .authorizeHttpRequests(a -> a.requestMatchers(JWKS, "/actuator/env", "/actuator/configprops")
                            .permitAll().anyRequest().authenticated())
                    .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
                    .build();
        }

        /** Spring Security's decoder on this server's own JWKS; built at first use, once the port is known. */
        @Bean
        JwtDecoder jwtDecoder(Environment environment) {
            AtomicReference<JwtDecoder> decoder = new AtomicReference<>();
            return token -> decoder.updateAndGet(d -> d != null ? d : NimbusJwtDecoder.withJwkSetUri(
                    "http://localhost:" + environment.getProperty("local.server.port") + JWKS).build()).decode(token);
        }

        @Bean
        RouterFunction<ServerResponse> me() {
            return RouterFunctions.route(RequestPredicates.GET("/api/me"), request -> ServerResponse.ok()
                    .body(request.principal().map(Principal::getName).orElse("anonymous")));
        }
    }
}
