package dev.secrets4j.rotation;

/**
 * What the application does outside the secret store during a rotation: set the new password on
 * the database user, register a new webhook secret with its sender. Every step has a default that
 * does nothing; a step that throws fails the rotation, which then rolls back. Steps may run again
 * after a crash, so each must be idempotent.
 *
 * <pre>{@code
 * RotationHook hook = new RotationHook() {
 *     public void create(RotationContext r) throws Exception {
 *         // A parameter, never the value in the SQL text: database errors quote statements.
 *         try (Connection c = admin.getConnection();
 *              PreparedStatement s = c.prepareStatement("ALTER USER APP SET PASSWORD ?")) {
 *             s.setString(1, r.next().asString());
 *             s.execute();
 *         }
 *     }
 * };
 * }</pre>
 */
public interface RotationHook {

    /** Makes the new value usable outside the store, before it is verified and promoted. */
    default void create(RotationContext rotation) throws Exception {
    }

    /** Checks that the new value works (log in with it); throw to fail the rotation. */
    default void verify(RotationContext rotation) throws Exception {
    }

    /** Ends the previous value outside the store, at the end of the grace period. */
    default void retire(RotationContext rotation) throws Exception {
    }

    /** Undoes {@link #create} after a failure: the previous value must work again. */
    default void rollback(RotationContext rotation) throws Exception {
    }

    /** A hook that does nothing: for values no one outside the store checks. */
    static RotationHook none() {
        return new RotationHook() {
            @Override
            public String toString() {
                return "RotationHook.none()";
            }
        };
    }
}
