package dev.secrets4j.testing.aws;

import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The emulator's stand-in for a rotation Lambda: called once per step of a rotation
 * ({@code createSecret}, {@code setSecret}, {@code testSecret}, {@code finishSecret}), in that order.
 * Before the first step the emulator has already attached AWSPENDING to the new version id (without a value),
 * as the service does. A hook that throws stops the rotation at that step (AWSPENDING stays where it is).
 */
@FunctionalInterface
public interface RotationHook {

    /** The four steps of a rotation, with the names Secrets Manager sends in {@code Step}. */
    enum Step {
        /** Generate the new value and store it as AWSPENDING. */
        CREATE_SECRET("createSecret"),
        /** Push the pending value into the target system. */
        SET_SECRET("setSecret"),
        /** Check the pending value works. */
        TEST_SECRET("testSecret"),
        /** Move AWSCURRENT to the new version. */
        FINISH_SECRET("finishSecret");

        private final String wireName;

        Step(String wireName) {
            this.wireName = wireName;
        }

        /** The name on the wire, such as {@code createSecret}. */
        public String wireName() {
            return wireName;
        }
    }

    /** Runs one step of the rotation described by {@code rotation}. */
    void onStep(Step step, Rotation rotation) throws Exception;

    /**
     * The standard rotation: at createSecret stores {@code newValue.apply(current)} as AWSPENDING under the
     * rotation's token, at finishSecret moves AWSCURRENT to it; setSecret and testSecret do nothing.
     */
    static RotationHook standard(UnaryOperator<String> newValue) {
        Objects.requireNonNull(newValue, "newValue");
        return (step, rotation) -> {
            if (step == Step.CREATE_SECRET && rotation.pendingValue().isEmpty()) {
                rotation.putPendingString(newValue.apply(rotation.currentString().orElse("")));
            } else if (step == Step.FINISH_SECRET) {
                rotation.finish();
            }
        };
    }

    /** The default hook: {@link #standard} with a new random value (a UUID string) at each rotation. */
    static RotationHook randomValue() {
        return standard(current -> UUID.randomUUID().toString());
    }

    /** This hook, then {@code next}, at every step (such as an observer with latches, then {@link #randomValue()}). */
    default RotationHook andThen(RotationHook next) {
        Objects.requireNonNull(next, "next");
        return (step, rotation) -> {
            onStep(step, rotation);
            next.onStep(step, rotation);
        };
    }
}
