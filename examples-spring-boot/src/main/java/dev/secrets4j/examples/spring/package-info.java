/**
 * A Spring Boot application that gets its secrets through the secrets4j starter: a secrets folder
 * by default (created for development under {@code target/}), HashiCorp Vault with the profile
 * {@code vault}; {@code GET /hello} shows it works without showing a value.
 */
package dev.secrets4j.examples.spring;
