package dev.secrets4j.spring.boot.autoconfigure.rotation;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration that publishes secret changes as Spring events and rebinds configuration properties. */
@AutoConfiguration
public class Secrets4jRotationAutoConfiguration {
}
