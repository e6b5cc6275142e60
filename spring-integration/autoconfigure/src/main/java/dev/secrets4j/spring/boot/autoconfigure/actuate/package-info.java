/** secrets4j Spring Boot auto-configuration: actuate. */
package dev.secrets4j.spring.boot.autoconfigure.actuate;
