package dev.secrets4j.spring.boot.autoconfigure.jwt;

import dev.secrets4j.jwt.JwtKeyRing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * Auto-configuration of the JWKS endpoint: with Spring MVC, a {@link JwtKeyRing} bean and
 * {@code secrets4j.jwt.jwks.enabled=true}, {@code GET secrets4j.jwt.jwks.path} (default
 * {@code /.well-known/jwks.json}) serves {@link JwtKeyRing#jwks()} as
 * {@code application/jwk-set+json} with {@code Cache-Control: public, max-age=}
 * {@link JwtKeyRing#jwksMaxAge()}. The set is read from the ring on every request, so a rotation
 * shows at once; clients cache it for the max-age. Spring Security, when present, must let the
 * path through (see {@code spring-integration/docs/jwt.md}).
 */
@AutoConfiguration(after = Secrets4jJwtAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({JwtKeyRing.class, RouterFunction.class})
@ConditionalOnBooleanProperty(prefix = Secrets4jJwtProperties.PREFIX, name = "jwks.enabled")
@ConditionalOnBean(JwtKeyRing.class)
@EnableConfigurationProperties(Secrets4jJwtProperties.class)
public class Secrets4jJwksEndpointAutoConfiguration {

    /** The media type of a JWK set (RFC 7517 section 8.5.1). */
    static final MediaType JWK_SET_JSON = MediaType.parseMediaType("application/jwk-set+json");

    /** Creates the auto-configuration; Spring calls it. */
    public Secrets4jJwksEndpointAutoConfiguration() {
    }

    /** The route {@code GET <secrets4j.jwt.jwks.path>} serving the ring's public keys. */
    @Bean
    @ConditionalOnMissingBean(name = "secrets4jJwksRouterFunction")
    public RouterFunction<ServerResponse> secrets4jJwksRouterFunction(JwtKeyRing ring, Secrets4jJwtProperties properties) {
        return RouterFunctions.route(RequestPredicates.GET(properties.getJwks().getPath()), request -> ServerResponse.ok()
                .contentType(JWK_SET_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + ring.jwksMaxAge().toSeconds())
                .body(ring.jwks().getBytes(StandardCharsets.UTF_8)));
    }
}
