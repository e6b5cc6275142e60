/** secrets4j Spring Boot auto-configuration: core. */
package dev.secrets4j.spring.boot.autoconfigure.core;
