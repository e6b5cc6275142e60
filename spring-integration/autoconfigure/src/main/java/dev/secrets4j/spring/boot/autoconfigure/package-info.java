/**
 * Spring Boot auto-configuration of secrets4j: the {@code Secrets} bean from {@code secrets4j.*}
 * properties, {@code spring.config.import=secrets4j:}, failure analysis, actuator health and
 * endpoint, Micrometer metrics, rotation events and pool rotation, and the JWT beans.
 */
package dev.secrets4j.spring.boot.autoconfigure;
