/**
 * Rotation of secrets the library owns: a {@link dev.secrets4j.rotation.RotationPolicy} per
 * secret, a state machine written next to the secret so that it survives a crash, a
 * {@link dev.secrets4j.rotation.RotationHook} for what lives outside the store, status and a dry
 * run. Started through {@code Secrets.Builder.rotate(...)}.
 */
package dev.secrets4j.rotation;
