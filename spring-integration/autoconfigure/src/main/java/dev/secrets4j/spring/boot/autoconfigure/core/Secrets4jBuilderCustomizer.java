package dev.secrets4j.spring.boot.autoconfigure.core;

import dev.secrets4j.Secrets;

/**
 * Adjusts the {@link Secrets.Builder} of the auto-configured {@code Secrets} bean after the
 * {@code secrets4j.*} properties are applied and before {@code build()}: add a spec, an audit
 * sink, a listener executor. Beans of this type run in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * Secrets4jBuilderCustomizer strictDbPassword() {
 *     return builder -> builder.require("DB_PASSWORD", SecretSpec.minLength(32));
 * }
 * }</pre>
 *
 * <p>Customizers reach the bean only: {@code spring.config.import=secrets4j:} builds its
 * {@code Secrets} before the application context exists, from properties alone.
 */
@FunctionalInterface
public interface Secrets4jBuilderCustomizer {

    /** Adjusts {@code builder}; it is not built yet. */
    void customize(Secrets.Builder builder);
}
