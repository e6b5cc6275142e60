/** secrets4j Spring Boot auto-configuration: rotation. */
package dev.secrets4j.spring.boot.autoconfigure.rotation;
