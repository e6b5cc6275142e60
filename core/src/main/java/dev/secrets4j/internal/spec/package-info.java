/**
 * The built-in {@link dev.secrets4j.SecretSpec}s behind the factories of {@code SecretSpec}:
 * presence, length, pattern, base64, PEM keys and certificates, JSON objects and URLs. Each
 * violation's message describes the problem and never quotes the value.
 */
package dev.secrets4j.internal.spec;
