package dev.secrets4j.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * The three reads of {@link CacheHitBenchmark} with two threads reading the same cached secret
 * at once, to show that a hit takes no lock and writes no shared state.
 */
@Threads(2)
public class CacheHitTwoThreadsBenchmark extends CacheHitBenchmark {
}
