package dev.secrets4j.provider.vault.session;

import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultAuthTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void factories_nameTheirMethod() {
        assertThat(VaultAuth.token("canary-token-0001").method()).isEqualTo("token");
        assertThat(VaultAuth.tokenFromEnvironment().method()).isEqualTo("token");
        assertThat(VaultAuth.tokenFromFile(Path.of("/run/token")).method()).isEqualTo("token");
        assertThat(VaultAuth.appRole("role-0001", "secret-0001").method()).isEqualTo("approle");
        assertThat(VaultAuth.appRoleFromFiles(Path.of("/a"), Path.of("/b")).method()).isEqualTo("approle");
        assertThat(VaultAuth.kubernetes("app").method()).isEqualTo("kubernetes");
        assertThat(VaultAuth.jwt("app", Path.of("/jwt")).method()).isEqualTo("jwt");
    }

    @Test
    void toString_whenCredentialsAreValues_showsMethodAndMountButNoValue() {
        String token = leaks.canary("canary-token-5a1f");
        String roleId = leaks.canary("canary-role-id-77c2");
        String secretId = leaks.canary("canary-secret-id-90de");

        VaultAuth tokenAuth = VaultAuth.token(token);
        VaultAuth appRole = VaultAuth.appRole(roleId, secretId).mountPath("approle-prod");

        assertThat(tokenAuth.toString()).contains("token auth at auth/token", "a configured value");
        assertThat(appRole.toString()).contains("approle auth at auth/approle-prod", "role id from a configured value");
        leaks.assertNoLeak(tokenAuth, appRole);
    }

    @Test
    void toString_whenCredentialsAreFiles_namesTheFiles() {
        VaultAuth auth = VaultAuth.kubernetes("payments", Path.of("/var/run/sa/token"));

        assertThat(auth.toString()).contains("kubernetes auth at auth/kubernetes", "role 'payments'", "file /var/run/sa/token");
    }

    @Test
    void kubernetes_withoutFile_readsTheServiceAccountToken() {
        assertThat(VaultAuth.kubernetes("app").toString())
                .contains("/var/run/secrets/kubernetes.io/serviceaccount/token");
    }

    @Test
    void mountPath_acceptsAuthPrefixAndSlashes_andRejectsTraversal() {
        assertThat(VaultAuth.kubernetes("app").mountPath("/auth/kubernetes-prod/").toString())
                .contains("auth/kubernetes-prod,");
        assertThat(VaultAuth.jwt("app", Path.of("/j")).mountPath("team/jwt").toString()).contains("auth/team/jwt,");
        assertThatThrownBy(() -> VaultAuth.kubernetes("app").mountPath("../sys"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth mount path");
        assertThatThrownBy(() -> VaultAuth.kubernetes("app").mountPath(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth mount path");
    }

    @Test
    void token_whenBlank_isRejectedNamingTheSetting() {
        assertThatThrownBy(() -> VaultAuth.token(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token is empty");
        assertThatThrownBy(() -> VaultAuth.appRole("role", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret id is empty");
        assertThatThrownBy(() -> VaultAuth.kubernetes("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kubernetes role is empty");
    }

    @Test
    void fromOptions_whenEmpty_usesTheEnvironmentToken() {
        VaultAuth auth = VaultAuth.fromOptions(Map.of());

        assertThat(auth.method()).isEqualTo("token");
        assertThat(auth.toString()).contains("VAULT_TOKEN or ~/.vault-token");
    }

    @Test
    void fromOptions_readsEachMethod() {
        String token = leaks.canary("canary-token-b7e3");
        String secretId = leaks.canary("canary-secret-id-c4d1");

        VaultAuth tokenAuth = VaultAuth.fromOptions(Map.of("auth", "token", "token", token));
        VaultAuth tokenFile = VaultAuth.fromOptions(Map.of("token-file", "/run/vault-token"));
        VaultAuth appRole = VaultAuth.fromOptions(Map.of("auth", "approle", "role-id-file", "/run/role-id",
                "secret-id", secretId, "auth-mount", "approle-prod", "kv-version", "2"));
        VaultAuth kubernetes = VaultAuth.fromOptions(Map.of("auth", "kubernetes", "role", "app"));
        VaultAuth jwt = VaultAuth.fromOptions(Map.of("auth", "jwt", "role", "ci", "jwt-file", "/run/jwt"));

        assertThat(tokenAuth.method()).isEqualTo("token");
        assertThat(tokenFile.toString()).contains("file /run/vault-token");
        assertThat(appRole.toString()).contains("auth/approle-prod", "role id from file /run/role-id",
                "secret id from a configured value");
        assertThat(kubernetes.toString()).contains("role 'app'", "serviceaccount/token");
        assertThat(jwt.toString()).contains("jwt auth at auth/jwt", "role 'ci'", "file /run/jwt");
        leaks.assertNoLeak(tokenAuth, appRole);
    }

    @Test
    void fromOptions_whenOptionsConflictOrMiss_namesTheOptionNotTheValue() {
        String token = leaks.canary("canary-token-e0f9");

        assertThatThrownBy(() -> VaultAuth.fromOptions(Map.of("auth", "approle", "token", token, "role-id", "r",
                "secret-id", "s1234567")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'token' does not apply to auth=approle");
        assertThatThrownBy(() -> VaultAuth.fromOptions(Map.of("token", token, "token-file", "/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'token' and 'token-file'");
        assertThatThrownBy(() -> VaultAuth.fromOptions(Map.of("auth", "approle", "role-id", "r")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'secret-id' or 'secret-id-file'");
        assertThatThrownBy(() -> VaultAuth.fromOptions(Map.of("auth", "jwt", "role", "r")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'jwt-file' is required");
        assertThatThrownBy(() -> VaultAuth.fromOptions(Map.of("auth", "ldap")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'auth' must be token, approle");
    }

    @Test
    void optionNames_listsEveryKeyFromOptionsReads() {
        assertThat(VaultAuth.optionNames()).containsExactlyInAnyOrder("auth", "token", "token-file", "role-id",
                "role-id-file", "secret-id", "secret-id-file", "role", "jwt-file", "auth-mount");
    }
}
