package dev.secrets4j.spring.boot.autoconfigure.jwt;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration of the JWT key ring, signer and verifier. */
@AutoConfiguration
public class Secrets4jJwtAutoConfiguration {
}
