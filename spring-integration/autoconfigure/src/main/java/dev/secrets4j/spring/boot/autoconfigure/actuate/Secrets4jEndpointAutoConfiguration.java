package dev.secrets4j.spring.boot.autoconfigure.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration of the {@code secrets} actuator endpoint. */
@AutoConfiguration
public class Secrets4jEndpointAutoConfiguration {
}
