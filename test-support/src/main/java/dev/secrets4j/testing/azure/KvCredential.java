package dev.secrets4j.testing.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.util.function.Supplier;

/**
 * The emulator's identity endpoint seen as a {@link TokenCredential}: issues tokens only for the Key Vault scope;
 * each one is counted as {@code "token"} and is the only kind the emulator accepts. Its toString names no token.
 */
final class KvCredential implements TokenCredential {

    static final String SCOPE = "https://vault.azure.net/.default";

    private final Supplier<AccessToken> issuer;

    KvCredential(Supplier<AccessToken> issuer) {
        this.issuer = issuer;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        if (!request.getScopes().contains(SCOPE)) {
            throw new IllegalArgumentException("Key Vault emulator credential: scopes " + request.getScopes()
                    + " do not include " + SCOPE + "; the emulator issues tokens for Key Vault only");
        }
        return issuer.get();
    }

    @Override
    public String toString() {
        return "KeyVaultEmulatorCredential";
    }
}
