package dev.secrets4j;

/**
 * How often one secret was read and changed by the library, for metrics. Reads are counted only
 * with {@link Secrets.Builder#recordStats()}; the rest always.
 *
 * @param name           the logical name
 * @param accessed       reads by the application (cache hits and misses)
 * @param created        new versions secrets4j wrote (a rotation's new value)
 * @param rotated        rotations that made a new version current
 * @param rotationErrors rotation attempts that failed
 */
public record SecretCounts(String name, long accessed, long created, long rotated, long rotationErrors) {
}
