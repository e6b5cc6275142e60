/** A Spring Boot application that gets its secrets through the secrets4j starter. */
package dev.secrets4j.examples.spring;
