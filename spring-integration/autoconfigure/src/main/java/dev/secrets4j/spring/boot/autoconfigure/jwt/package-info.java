/** secrets4j Spring Boot auto-configuration: jwt. */
package dev.secrets4j.spring.boot.autoconfigure.jwt;
