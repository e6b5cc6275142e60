/** Test TLS for the emulators: a runtime CA and a server certificate for loopback. */
package dev.secrets4j.testing.tls;
