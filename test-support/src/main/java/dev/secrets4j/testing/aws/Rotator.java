package dev.secrets4j.testing.aws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives one rotation through the four steps of a {@link RotationHook}, synchronously. */
final class Rotator {

    private static final Logger LOG = LoggerFactory.getLogger(Rotator.class);

    private final SecretStore store;

    Rotator(SecretStore store) {
        this.store = store;
    }

    /** Attaches AWSPENDING to {@code token}, then runs each step; a step that throws stops the rotation. */
    void rotate(String secretId, String token, RotationHook hook) {
        SecretStore.Secret s = store.beginRotation(secretId, token);
        Rotation rotation = new Rotation(store, s.arn, s.name, token);
        for (RotationHook.Step step : RotationHook.Step.values()) {
            try {
                hook.onStep(step, rotation);
            } catch (AwsError e) {
                throw e;
            } catch (Exception e) {
                LOG.info("Rotation of {} stopped at step {}: the hook threw {}", s.name, step.wireName(),
                        e.getClass().getName());
                throw new AwsError("InvalidRequestException", "Rotation of " + s.name + " failed at step "
                        + step.wireName() + "; AWSPENDING stays on version " + token + ".");
            }
        }
    }
}
