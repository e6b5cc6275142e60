package dev.secrets4j.spring.boot.autoconfigure.core;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration of the {@code Secrets} bean from {@code secrets4j.*} properties. */
@AutoConfiguration
public class Secrets4jAutoConfiguration {
}
