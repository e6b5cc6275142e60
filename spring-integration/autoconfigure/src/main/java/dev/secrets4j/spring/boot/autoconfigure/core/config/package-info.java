/**
 * {@code spring.config.import=secrets4j:}: a ConfigData resolver and loader that build
 * {@code Secrets} at boot, share it with the application context, and add a non-enumerable,
 * masked property source so that {@code ${DB_PASSWORD}} resolves through it.
 */
package dev.secrets4j.spring.boot.autoconfigure.core.config;
