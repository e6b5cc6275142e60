package dev.secrets4j.internal;

import dev.secrets4j.AuditSink;
import dev.secrets4j.CachePolicy;
import dev.secrets4j.Scheduler;
import dev.secrets4j.spi.SecretProvider;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Everything the builder collected, handed to the engine in one piece. */
public record EngineSettings(List<SecretProvider> providers, List<Declaration> declarations, CachePolicy cachePolicy,
                             int bootConcurrency, Duration callTimeout, Clock clock, Optional<Scheduler> scheduler,
                             Optional<Executor> listenerExecutor, AuditSink auditSink,
                             boolean recordStats) {
}
