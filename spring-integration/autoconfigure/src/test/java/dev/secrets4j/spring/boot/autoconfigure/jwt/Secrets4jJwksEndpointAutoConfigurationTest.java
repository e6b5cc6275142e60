package dev.secrets4j.spring.boot.autoconfigure.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** Conditions of the JWKS route and what it serves, through MockMvc on a real web application context. */
class Secrets4jJwksEndpointAutoConfigurationTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    static {
        leaks.canary(JwtTestSecrets.KEY_ONE);
        leaks.canary(JwtTestSecrets.middleLine(JwtTestSecrets.KEY_ONE));
        leaks.canary(JwtTestSecrets.HMAC_SECRET);
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class,
                    Secrets4jJwtAutoConfiguration.class, Secrets4jJwksEndpointAutoConfiguration.class))
            .withUserConfiguration(JwtTestSecrets.class)
            .withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY");

    @Test
    void route_isOffByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtKeyRing.class)
                .doesNotHaveBean("secrets4jJwksRouterFunction"));
    }

    @Test
    void route_withoutKeyRing_backsOff() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jJwtAutoConfiguration.class,
                        Secrets4jJwksEndpointAutoConfiguration.class))
                .withUserConfiguration(JwtTestSecrets.class)
                .withPropertyValues("secrets4j.jwt.jwks.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("secrets4jJwksRouterFunction"));
    }

    @Test
    void route_outsideAServletApplication_backsOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jJwtAutoConfiguration.class,
                        Secrets4jJwksEndpointAutoConfiguration.class))
                .withUserConfiguration(JwtTestSecrets.class)
                .withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY", "secrets4j.jwt.jwks.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtKeyRing.class)
                        .doesNotHaveBean("secrets4jJwksRouterFunction"));
    }

    @Test
    void route_withoutSpringMvc_backsOff() {
        runner.withPropertyValues("secrets4j.jwt.jwks.enabled=true")
                .withConfiguration(AutoConfigurations.of(Secrets4jJwtAutoConfiguration.class,
                        Secrets4jJwksEndpointAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(RouterFunction.class))
                .run(context -> assertThat(context).doesNotHaveBean("secrets4jJwksRouterFunction"));
    }

    @Test
    void route_whenEnabled_servesThePublicKeysWithCacheHeaders() {
        runner.withPropertyValues("secrets4j.jwt.jwks.enabled=true", "secrets4j.jwt.pending=10m").run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            MvcResult result = mvc.perform(get("/.well-known/jwks.json")).andReturn();

            assertThat(result.getResponse().getStatus()).isEqualTo(200);
            assertThat(result.getResponse().getContentType()).isEqualTo("application/jwk-set+json");
            assertThat(result.getResponse().getHeader("Cache-Control")).isEqualTo("public, max-age=300");
            String body = result.getResponse().getContentAsString();
            JWKSet set = JWKSet.parse(body);
            assertThat(set.getKeys()).singleElement().satisfies(k -> {
                assertThat(k.getKeyID()).isEqualTo(context.getBean(JwtKeyRing.class).primaryKid());
                assertThat(k.isPrivate()).isFalse();
                assertThat(((RSAKey) k).getPrivateExponent()).isNull();
            });
            leaks.assertNoLeak(body);
        });
    }

    @Test
    void route_servesAtTheConfiguredPath() {
        runner.withPropertyValues("secrets4j.jwt.jwks.enabled=true", "secrets4j.jwt.jwks.path=/keys").run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            assertThat(mvc.perform(get("/keys")).andReturn().getResponse().getStatus()).isEqualTo(200);
            assertThat(mvc.perform(get("/.well-known/jwks.json")).andReturn().getResponse().getStatus()).isEqualTo(404);
        });
    }

    @Test
    void path_withoutLeadingSlash_failsNamingTheProperty() {
        runner.withPropertyValues("secrets4j.jwt.jwks.enabled=true", "secrets4j.jwt.jwks.path=keys").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("secrets4j.jwt.jwks.path must start with '/'");
        });
    }
}
