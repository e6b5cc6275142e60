/**
 * The public API of secrets4j: {@link dev.secrets4j.Secrets} (built by
 * {@link dev.secrets4j.Secrets#builder()}), the {@link dev.secrets4j.Secret} value type, specs,
 * cache policy, change events, audit events and the exception hierarchy under
 * {@link dev.secrets4j.SecretsException}.
 */
package dev.secrets4j;
