/**
 * Micrometer meters for secrets4j, per secret: an optional dependency; without Micrometer on the
 * class path nothing here is loaded.
 */
package dev.secrets4j.micrometer;
