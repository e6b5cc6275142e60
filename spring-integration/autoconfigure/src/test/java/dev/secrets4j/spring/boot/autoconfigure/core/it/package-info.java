/** Applications booted for the integration tests of the core auto-configuration; no component scan. */
package dev.secrets4j.spring.boot.autoconfigure.core.it;
