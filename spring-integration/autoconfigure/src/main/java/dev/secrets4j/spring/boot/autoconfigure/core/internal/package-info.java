/** Internals of the core auto-configuration: building {@code Secrets} from properties. Not API. */
package dev.secrets4j.spring.boot.autoconfigure.core.internal;
