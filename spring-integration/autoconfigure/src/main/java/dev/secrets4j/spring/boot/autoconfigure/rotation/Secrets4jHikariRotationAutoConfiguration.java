package dev.secrets4j.spring.boot.autoconfigure.rotation;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Auto-configuration that gives a HikariCP pool the rotated password of its secret. */
@AutoConfiguration
public class Secrets4jHikariRotationAutoConfiguration {
}
