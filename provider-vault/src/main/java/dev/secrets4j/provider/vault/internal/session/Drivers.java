package dev.secrets4j.provider.vault.internal.session;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;

import java.time.Duration;
import java.util.Optional;

/**
 * Builds jopenlibs driver instances on the provider's transport: its shared HTTP client (TLS trust,
 * connect timeout, HTTP/1.1), read timeout and namespace. The driver's own retries stay off (the
 * session and the provider retry with backoff: one layer only), and its environment fallbacks
 * ({@code VAULT_ADDR}, {@code VAULT_TOKEN}, {@code ~/.vault-token}, {@code VAULT_SSL_*}) are
 * disabled so that nothing but the provider's configuration decides where requests go and with
 * which token.
 */
final class Drivers {

    private Drivers() {
    }

    /** A driver on {@code transport}, sending {@code token} if given, for a KV engine of {@code kvVersion}. */
    static Vault create(VaultTransport transport, Optional<String> token, int kvVersion) {
        if (kvVersion != 1 && kvVersion != 2) {
            throw new IllegalArgumentException("KV engine version must be 1 or 2, got " + kvVersion);
        }
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(NoEnvironment.INSTANCE)
                    .address(address(transport))
                    .httpClient(transport.httpClient())
                    .readTimeout(seconds(transport.readTimeout()));
            if (transport.namespace().isPresent()) {
                config.nameSpace(transport.namespace().get());
            }
            token.ifPresent(config::token);
            return Vault.create(config.build(), kvVersion);
        } catch (VaultException e) {
            // Only thrown for an empty namespace or a missing address, both checked by VaultTransport.
            throw new IllegalStateException("cannot configure the Vault driver for " + transport.address()
                    + ": " + e.getClass().getSimpleName(), null);
        }
    }

    private static String address(VaultTransport transport) {
        String address = transport.address().toString();
        while (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        return address;
    }

    /** The driver counts its read timeout in whole seconds: round up so a short timeout is not zero (no timeout). */
    private static int seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (millis + 999) / 1000));
    }

    /** An environment with no variables, so the driver reads none. */
    private static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;
        static final NoEnvironment INSTANCE = new NoEnvironment();

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }
}
