/** Failure analysis: a failed secrets check becomes Spring Boot's "APPLICATION FAILED TO START" report. */
package dev.secrets4j.spring.boot.autoconfigure.core.diagnostics;
