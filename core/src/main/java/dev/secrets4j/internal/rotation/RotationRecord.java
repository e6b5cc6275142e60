package dev.secrets4j.internal.rotation;

import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of one secret's rotation as written next to it (JSON, no value): where the rotation
 * is, which versions it moves between, who runs it and until when (the lease), and what happened
 * last.
 *
 * @param state       where the rotation is
 * @param strategy    its strategy
 * @param from        the version current when it started
 * @param to          the new version, once written
 * @param slot        for DUAL, the slot of the new value
 * @param attempt     the attempt, from 1
 * @param startedAt   when this attempt started
 * @param promotedAt  when the new version became current
 * @param graceUntil  when the previous version may be retired
 * @param lastRotated when a rotation last finished promoting (survives later failures)
 * @param nextAttempt for a failed rotation, when to try again
 * @param error       why it failed, value-free
 * @param owner       the instance that runs it
 * @param leaseUntil  until when the owner holds it; after that another instance may recover it
 * @param emergency   whether it was an emergency rotation (grace zero)
 */
record RotationRecord(RotationState state, RotationStrategy strategy, Optional<String> from, Optional<String> to,
                      Optional<String> slot, int attempt, Instant startedAt, Optional<Instant> promotedAt,
                      Optional<Instant> graceUntil, Optional<Instant> lastRotated, Optional<Instant> nextAttempt,
                      Optional<String> error, String owner, Instant leaseUntil, boolean emergency) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A copy in {@code state}. */
    RotationRecord in(RotationState next) {
        return new RotationRecord(next, strategy, from, to, slot, attempt, startedAt, promotedAt, graceUntil, lastRotated,
                nextAttempt, error, owner, leaseUntil, emergency);
    }

    /** A copy with the new version. */
    RotationRecord withTo(String version) {
        return new RotationRecord(state, strategy, from, Optional.of(version), slot, attempt, startedAt, promotedAt, graceUntil,
                lastRotated, nextAttempt, error, owner, leaseUntil, emergency);
    }

    /** A copy held by {@code owner} until {@code until}. */
    RotationRecord leased(String by, Instant until) {
        return new RotationRecord(state, strategy, from, to, slot, attempt, startedAt, promotedAt, graceUntil, lastRotated,
                nextAttempt, error, by, until, emergency);
    }

    /** A copy promoted at {@code at}, the previous version valid until {@code graceEnds}. */
    RotationRecord promoted(Instant at, Instant graceEnds) {
        return new RotationRecord(RotationState.PROMOTED, strategy, from, to, slot, attempt, startedAt, Optional.of(at),
                Optional.of(graceEnds), Optional.of(at), Optional.empty(), Optional.empty(), owner, leaseUntil, emergency);
    }

    /** A copy failed with {@code why}, tried again at {@code retryAt}. */
    RotationRecord failed(String why, Instant retryAt) {
        return new RotationRecord(RotationState.FAILED, strategy, from, to, slot, attempt, startedAt, promotedAt, graceUntil,
                lastRotated, Optional.of(retryAt), Optional.of(why), owner, leaseUntil, emergency);
    }

    /** A copy whose retirement failed with {@code why}: still promoted, tried again at {@code retryAt}. */
    RotationRecord retireFailed(String why, Instant retryAt) {
        return new RotationRecord(state, strategy, from, to, slot, attempt, startedAt, promotedAt, graceUntil, lastRotated,
                Optional.of(retryAt), Optional.of(why), owner, leaseUntil, emergency);
    }

    /** The JSON text stored. */
    byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", state.name());
        n.put("strategy", strategy.name());
        from.ifPresent(v -> n.put("from", v));
        to.ifPresent(v -> n.put("to", v));
        slot.ifPresent(v -> n.put("slot", v));
        n.put("attempt", attempt);
        n.put("startedAt", startedAt.toString());
        promotedAt.ifPresent(v -> n.put("promotedAt", v.toString()));
        graceUntil.ifPresent(v -> n.put("graceUntil", v.toString()));
        lastRotated.ifPresent(v -> n.put("lastRotated", v.toString()));
        nextAttempt.ifPresent(v -> n.put("nextAttempt", v.toString()));
        error.ifPresent(v -> n.put("error", v));
        n.put("owner", owner);
        n.put("leaseUntil", leaseUntil.toString());
        n.put("emergency", emergency);
        return JSON.writeValueAsBytes(n);
    }

    /**
     * Reads a stored record.
     *
     * @throws IllegalArgumentException when the text is not a rotation record
     */
    static RotationRecord parse(byte[] json) {
        try {
            JsonNode n = JSON.readTree(new String(json, StandardCharsets.UTF_8));
            return new RotationRecord(RotationState.valueOf(n.get("state").asString()),
                    RotationStrategy.valueOf(n.get("strategy").asString()), text(n, "from"), text(n, "to"), text(n, "slot"),
                    n.get("attempt").asInt(), Instant.parse(n.get("startedAt").asString()), time(n, "promotedAt"),
                    time(n, "graceUntil"), time(n, "lastRotated"), time(n, "nextAttempt"), text(n, "error"),
                    n.get("owner").asString(), Instant.parse(n.get("leaseUntil").asString()), n.path("emergency").asBoolean(false));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a rotation record (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
    }

    private static Optional<Instant> time(JsonNode n, String field) {
        return text(n, field).map(Instant::parse);
    }
}
