/**
 * JMH benchmarks of secrets4j, each next to the peer it should be compared with: a cache hit
 * against a raw {@code ConcurrentHashMap} and a raw Caffeine cache, boot with and without batch
 * reads against a slow backend, a storm of concurrent misses for one secret, and JWT signing and
 * verification against nimbus-jose-jwt used directly.
 *
 * <p>Benchmark and state classes are not final because JMH generates subclasses of them. Build
 * {@code benchmarks/target/benchmarks.jar} and run it as the module's README says.
 */
package dev.secrets4j.benchmarks;
