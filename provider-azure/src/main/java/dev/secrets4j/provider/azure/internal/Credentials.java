package dev.secrets4j.provider.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.util.List;
import java.util.Optional;

/**
 * The credential settings of the provider, and the one credential built from them: the identity
 * calls share the vault's HTTP client (its timeouts and CA bundle) and, when set, an authority
 * host other than Microsoft Entra ID's public cloud (a sovereign cloud, Azure Stack, a test).
 *
 * @param kind          {@code default}, {@code client-secret}, {@code managed-identity},
 *                      {@code workload-identity} or {@code custom}
 * @param tenantId      the tenant, for {@code client-secret}
 * @param clientId      the application, for {@code client-secret}; the user-assigned identity for
 *                      {@code managed-identity}
 * @param clientSecret  the client secret, for {@code client-secret}
 * @param custom        the application's own credential, for {@code custom}
 */
public record Credentials(String kind, Optional<String> tenantId, Optional<String> clientId, Optional<String> clientSecret,
                          Optional<TokenCredential> custom) {

    /** DefaultAzureCredential. */
    public static Credentials defaults() {
        return new Credentials("default", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The credential, built once; {@code authorityHost} applies to the Entra ID credentials. */
    public TokenCredential build(HttpClient http, Optional<String> authorityHost) {
        return switch (kind) {
            case "client-secret" -> aad(new ClientSecretCredentialBuilder().tenantId(tenantId.orElseThrow())
                    .clientId(clientId.orElseThrow()).clientSecret(clientSecret.orElseThrow()), http, authorityHost).build();
            case "workload-identity" -> aad(new WorkloadIdentityCredentialBuilder(), http, authorityHost).build();
            case "managed-identity" -> {
                ManagedIdentityCredentialBuilder m = new ManagedIdentityCredentialBuilder().httpClient(http);
                clientId.ifPresent(m::clientId);
                yield m.build();
            }
            case "custom" -> custom.orElseThrow();
            default -> {
                DefaultAzureCredentialBuilder d = new DefaultAzureCredentialBuilder().httpClient(http);
                authorityHost.ifPresent(h -> d.authorityHost(h).disableInstanceDiscovery());
                yield d.build();
            }
        };
    }

    /** Strings that must never appear in a message: the client secret. */
    public List<String> secrets() {
        return clientSecret.map(List::of).orElse(List.of());
    }

    private static <T extends AadCredentialBuilderBase<T>> T aad(T builder, HttpClient http, Optional<String> authorityHost) {
        builder.httpClient(http);
        // Instance discovery asks login.microsoftonline.com about the host: off for any other host.
        authorityHost.ifPresent(h -> builder.authorityHost(h).disableInstanceDiscovery());
        return builder;
    }

    /** The kind only: never the secret. */
    @Override
    public String toString() {
        return "Credentials[" + kind + "]";
    }
}
