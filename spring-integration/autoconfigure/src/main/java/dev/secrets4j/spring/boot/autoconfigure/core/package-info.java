/**
 * secrets4j Spring Boot auto-configuration, core: the {@code secrets4j.*} properties, the
 * {@code Secrets} and {@code HmacVerifiers} beans; sub-packages hold
 * {@code spring.config.import=secrets4j:} ({@code config}) and the failure analyzer
 * ({@code diagnostics}).
 */
package dev.secrets4j.spring.boot.autoconfigure.core;
