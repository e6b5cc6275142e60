/**
 * Spring Boot auto-configuration of secrets4j's JWT support: the {@code JwtKeyRing},
 * {@code JwtSigner} and {@code JwtVerifier} beans from {@code secrets4j.jwt.*}, and an opt-in
 * endpoint serving the ring's JWKS.
 */
package dev.secrets4j.spring.boot.autoconfigure.jwt;
