package dev.secrets4j.spring.boot.autoconfigure.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration of secrets4j's Micrometer metrics. */
@AutoConfiguration
public class Secrets4jMetricsAutoConfiguration {
}
