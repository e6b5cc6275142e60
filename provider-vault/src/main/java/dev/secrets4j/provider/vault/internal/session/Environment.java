package dev.secrets4j.provider.vault.internal.session;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The process environment the session reads a token from ({@code VAULT_TOKEN}, then
 * {@code ~/.vault-token}); injected so tests need not change the real environment.
 */
interface Environment {

    /** The value of environment variable {@code name}, if set and not blank. */
    Optional<String> variable(String name);

    /** The user's home folder. */
    Path home();

    /** The real environment and {@code user.home}. */
    static Environment system() {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
            }

            @Override
            public Path home() {
                return Path.of(System.getProperty("user.home", ""));
            }

            @Override
            public String toString() {
                return "the process environment";
            }
        };
    }
}
