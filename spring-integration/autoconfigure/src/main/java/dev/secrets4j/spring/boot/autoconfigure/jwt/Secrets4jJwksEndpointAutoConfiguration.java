package dev.secrets4j.spring.boot.autoconfigure.jwt;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration of the JWKS endpoint. */
@AutoConfiguration
public class Secrets4jJwksEndpointAutoConfiguration {
}
