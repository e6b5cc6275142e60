package dev.secrets4j.provider.env;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.SecretProviderContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The provider contract, plus names, prefix, relaxed names and settings of the environment provider. */
class EnvSecretProviderTest extends SecretProviderContractTest {

    private final String canary = leaks.canary("canary-7f3a-db-password");
    private final String canaryPrefixed = leaks.canary("canary-91c2-app-db-password");
    private final String canaryOther = leaks.canary("canary-44d8-other-value");

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        return EnvSecretProvider.fromMap(secrets);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ);
    }

    /** The base names plus names that only an environment can get wrong. */
    @Override
    protected List<String> hostileNames() {
        List<String> names = new ArrayList<>(super.hostileNames());
        names.addAll(List.of("a=b", "=", "PATH=x", "tab\tname", "\u007f", "db.password_FILE\0"));
        return names;
    }

    private static Optional<Secret> get(EnvSecretProvider provider, String name) {
        return provider.get(SecretRef.ofName(name));
    }

    @Test
    void get_whenExactVariableSet_returnsItsValueWithVersionOneAndVariableMetadata() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", canary));

        Secret secret = get(env, "DB_PASSWORD").orElseThrow();

        assertThat(secret.asString()).isEqualTo(canary);
        assertThat(secret.name()).isEqualTo("DB_PASSWORD");
        assertThat(secret.version()).isEqualTo("1");
        assertThat(secret.providerId()).isEqualTo("env");
        assertThat(secret.metadata()).containsExactlyEntriesOf(Map.of("variable", "DB_PASSWORD"));
        leaks.assertNoLeak(secret, env);
    }

    @Test
    void get_whenReferenceHasEnvScheme_looksUpItsPath() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", canary));

        assertThat(env.get(SecretRef.parse("env:DB_PASSWORD"))).map(Secret::asString).contains(canary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.password", "db-password", "Db_Password", "db_password", "DB.PASSWORD"})
    void get_whenRelaxedNameGiven_findsUpperSnakeVariableAndKeepsTheNameAsked(String name) {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", canary));

        Secret secret = get(env, name).orElseThrow();

        assertThat(secret.asString()).isEqualTo(canary);
        assertThat(secret.name()).isEqualTo(name);
        assertThat(secret.metadata("variable")).contains("DB_PASSWORD");
    }

    @Test
    void get_whenExactAndRelaxedBothSet_prefersExact() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("db.password", canary, "DB_PASSWORD", canaryOther));

        Secret secret = get(env, "db.password").orElseThrow();

        assertThat(secret.asString()).isEqualTo(canary);
        assertThat(secret.metadata("variable")).contains("db.password");
    }

    @Test
    void get_whenRelaxedNamesOff_findsOnlyTheExactName() {
        EnvSecretProvider env = EnvSecretProvider.builder()
                .environment(Map.of("DB_PASSWORD", canary)).relaxedNames(false).build();

        assertThat(get(env, "db.password")).isEmpty();
        assertThat(get(env, "db-password")).isEmpty();
        assertThat(get(env, "DB_PASSWORD")).map(Secret::asString).contains(canary);
        assertThat(env.describeLookup(SecretRef.ofName("db.password")))
                .isEqualTo("env (looked for db.password, db.password_FILE)");
    }

    @Test
    void get_whenPrefixSet_readsOnlyPrefixedVariables() {
        EnvSecretProvider env = EnvSecretProvider.builder()
                .environment(Map.of("APP_DB_PASSWORD", canaryPrefixed, "DB_PASSWORD", canary, "API_KEY", canary))
                .prefix("APP_").build();

        assertThat(get(env, "DB_PASSWORD")).map(Secret::asString).contains(canaryPrefixed);
        assertThat(get(env, "db.password")).map(Secret::asString).contains(canaryPrefixed);
        assertThat(get(env, "DB_PASSWORD").orElseThrow().metadata("variable")).contains("APP_DB_PASSWORD");
        assertThat(get(env, "API_KEY")).isEmpty();
    }

    @Test
    void describe_namesThePrefixWhenThereIsOne() {
        assertThat(EnvSecretProvider.fromMap(Map.of()).describe()).isEqualTo("env");
        assertThat(EnvSecretProvider.builder().environment(Map.of()).prefix("APP_").build().describe())
                .isEqualTo("env (prefix APP_)");
    }

    @Test
    void describeLookup_listsEveryVariableTriedInOrder() {
        EnvSecretProvider env = EnvSecretProvider.builder().environment(Map.of()).prefix("APP_").build();

        assertThat(env.describeLookup(SecretRef.ofName("DB_PASSWORD")))
                .isEqualTo("env (looked for APP_DB_PASSWORD, APP_DB_PASSWORD_FILE)");
        assertThat(env.describeLookup(SecretRef.ofName("db.password")))
                .isEqualTo("env (looked for APP_db.password, APP_DB_PASSWORD, APP_db.password_FILE, APP_DB_PASSWORD_FILE)");
    }

    @Test
    void describeLookup_whenFileIndirectionOff_listsNoFileVariables() {
        EnvSecretProvider env = EnvSecretProvider.builder().environment(Map.of()).fileIndirection(false).build();

        assertThat(env.describeLookup(SecretRef.ofName("DB_PASSWORD"))).isEqualTo("env (looked for DB_PASSWORD)");
    }

    @Test
    void get_whenVariableIsEmpty_treatsItAsUnsetAndSaysSoInTheLookup() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", ""));

        assertThat(get(env, "DB_PASSWORD")).isEmpty();
        assertThat(env.describeLookup(SecretRef.ofName("DB_PASSWORD")))
                .isEqualTo("env (looked for DB_PASSWORD, DB_PASSWORD_FILE; DB_PASSWORD is set but empty, which counts as unset)");
    }

    @Test
    void get_whenVariableMissing_returnsEmpty() {
        assertThat(get(EnvSecretProvider.fromMap(Map.of("OTHER", canary)), "DB_PASSWORD")).isEmpty();
    }

    @Test
    void get_whenBothVariableAndFileVariableSet_throwsPermanentNamingBothAndNoValue() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", canary, "DB_PASSWORD_FILE", "/run/secrets/db_password"));

        SecretProviderException e = (SecretProviderException) catchThrowable(() -> get(env, "db.password"));

        assertThat(e).isNotNull();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.providerId()).isEqualTo("env");
        assertThat(e.secretName()).contains("db.password");
        assertThat(e.getMessage())
                .contains("'db.password'", "DB_PASSWORD and DB_PASSWORD_FILE", "set one of them")
                .doesNotContain(canary);
        leaks.assertNoLeak(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db\0password", "a=b", "line\nbreak", "tab\tname", "\u007f"})
    void get_whenNameHasNulEqualsOrControlCharacter_throwsFormatExceptionNamingTheProvider(String name) {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", canary));

        assertThatThrownBy(() -> get(env, name))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("in env")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0", "\n", "\t", "\u007f", canary));
        assertThat(env.describeLookup(SecretRef.ofName(name))).startsWith("env (").doesNotContain("\0", "\n");
    }

    @Test
    void capabilities_areReadOnly() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of());

        assertThat(env.id()).isEqualTo("env");
        assertThat(env.capabilities()).containsExactly(Capability.READ);
        assertThatThrownBy(() -> env.put(SecretRef.ofName("X"), new byte[]{1}, PutOptions.none()))
                .isInstanceOf(SecretProviderException.class);
    }

    @Test
    void create_readsTheRealProcessEnvironment() {
        String variable = System.getenv().containsKey("PATH") ? "PATH" : "HOME";
        String expected = System.getenv(variable);

        Optional<Secret> secret = EnvSecretProvider.create().get(SecretRef.ofName(variable));

        assertThat(expected).isNotEmpty();
        assertThat(secret).map(Secret::asString).contains(expected);
    }

    @Test
    void fromMap_copiesTheMap() {
        Map<String, String> map = new HashMap<>(Map.of("DB_PASSWORD", canary));
        EnvSecretProvider env = EnvSecretProvider.fromMap(map);
        map.remove("DB_PASSWORD");

        assertThat(get(env, "DB_PASSWORD")).isPresent();
    }

    @Test
    void fromMap_whenNullValue_throwsNamingTheVariable() {
        Map<String, String> map = new HashMap<>();
        map.put("DB_PASSWORD", null);

        assertThatThrownBy(() -> EnvSecretProvider.fromMap(map))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DB_PASSWORD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app_", "APP-", "APP.", " APP_", "ÄPP_", "APP\0"})
    void prefix_whenNotUpperSnake_throwsNamingTheSettingAndValue(String prefix) {
        assertThatThrownBy(() -> EnvSecretProvider.builder().prefix(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix")
                .hasMessageContaining("[A-Z0-9_]*")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0"));
    }

    @Test
    void prefix_whenNull_throwsIllegalArgument() {
        assertThatThrownBy(() -> EnvSecretProvider.builder().prefix(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MAX_VALUE})
    void maxFileSize_whenOutOfRange_throwsNamingTheSetting(long size) {
        assertThatThrownBy(() -> EnvSecretProvider.builder().maxFileSize(size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFileSize")
                .hasMessageContaining(Long.toString(size));
    }

    @Test
    void toString_showsSettingsButNoValue() {
        EnvSecretProvider env = EnvSecretProvider.builder().environment(Map.of("APP_DB_PASSWORD", canary)).prefix("APP_").build();

        assertThat(env.toString()).contains("env (prefix APP_)");
        leaks.assertNoLeak(env, env.describeLookup(SecretRef.ofName("DB_PASSWORD")));
    }
}
