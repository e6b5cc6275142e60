package dev.secrets4j.spring.boot.autoconfigure.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration of the {@code secrets4j} health indicator. */
@AutoConfiguration
public class Secrets4jHealthAutoConfiguration {
}
