/**
 * Secrets from files, the way Docker ({@code /run/secrets}) and Kubernetes secret volumes mount
 * them: {@link dev.secrets4j.provider.docker.DockerSecretProvider}, and its factory for id
 * {@code docker}.
 */
package dev.secrets4j.provider.docker;
