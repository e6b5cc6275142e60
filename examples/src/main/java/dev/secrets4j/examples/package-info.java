/**
 * The runnable quickstart example: generates a development secrets folder, boots
 * {@link dev.secrets4j.Secrets} against it with the Docker and environment providers and a
 * catalog, shows a rotation event and a fail-fast report, and validates any folder with
 * {@code --secrets-dir}. Nothing it prints contains a secret value.
 */
package dev.secrets4j.examples;
