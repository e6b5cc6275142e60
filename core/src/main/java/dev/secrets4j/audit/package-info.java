/**
 * A tamper-evident audit log: {@link dev.secrets4j.audit.HashChainAuditSink} writes each
 * {@link dev.secrets4j.AuditEvent} as one JSON line chained to the line before it by a SHA-256 or
 * HMAC-SHA256 hash, across file rollover and restarts; {@link dev.secrets4j.audit.AuditChainVerifier}
 * reads the files back and names the first line that was changed, deleted, inserted or reordered.
 * {@link dev.secrets4j.audit.AuditKey} holds an HMAC key with its id, and
 * {@link dev.secrets4j.audit.ChainLink} one line's place in the chain, for checkpoints kept off the
 * host. The line format, its canonical form and what the chain proves are in {@code core/docs/audit.md}.
 * JDK cryptography and Jackson only.
 */
package dev.secrets4j.audit;
