package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** References resolve inside the KV mount and prefix; anything that could leave them is refused before any request. */
class VaultPathsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final VaultPaths prod = new VaultPaths("vault", "secret", 2, "prod/", List.of("database", "db/creds"));

    @Test
    void resolve_bareName_isKvEntryInsidePrefixKeptAsWritten() {
        VaultLocation l = prod.resolve(SecretRef.ofName("DB_PASSWORD"));
        assertThat(l).isEqualTo(new VaultLocation(VaultLocation.Kind.KV2, "secret", "prod/DB_PASSWORD", Optional.empty()));
        assertThat(l.dataPath()).isEqualTo("secret/data/prod/DB_PASSWORD");
        assertThat(l.metadataPath()).isEqualTo("secret/metadata/prod/DB_PASSWORD");
    }

    @Test
    void resolve_schemeWithoutSlash_isTheSameAsTheBareName() {
        assertThat(prod.resolve(SecretRef.parse("vault:DB_PASSWORD"))).isEqualTo(prod.resolve(SecretRef.ofName("DB_PASSWORD")));
    }

    @Test
    void resolve_mountPathAndField_stripsMountAndAppliesPrefix() {
        VaultLocation l = prod.resolve(SecretRef.parse("vault:secret/app/db#password"));
        assertThat(l.kind()).isEqualTo(VaultLocation.Kind.KV2);
        assertThat(l.path()).isEqualTo("prod/app/db");
        assertThat(l.field()).contains("password");
        assertThat(l.entry().field()).isEmpty();
        assertThat(l).hasToString("secret/prod/app/db#password");
    }

    @Test
    void resolve_dynamicMount_isReadAsIsWithoutPrefix_longestMountFirst() {
        VaultLocation db = prod.resolve(SecretRef.parse("vault:database/creds/app#username"));
        assertThat(db.kind()).isEqualTo(VaultLocation.Kind.DYNAMIC);
        assertThat(db.dataPath()).isEqualTo("database/creds/app");
        VaultLocation nested = prod.resolve(SecretRef.parse("vault:db/creds/ro"));
        assertThat(nested.mount()).isEqualTo("db/creds");
        assertThat(nested.dataPath()).isEqualTo("db/creds/ro");
    }

    @Test
    void resolve_kvVersion1_usesFlatDataPath() {
        VaultPaths v1 = new VaultPaths("vault", "kv", 1, "", List.of());
        VaultLocation l = v1.resolve(SecretRef.parse("vault:kv/app/db"));
        assertThat(l.kind()).isEqualTo(VaultLocation.Kind.KV1);
        assertThat(l.dataPath()).isEqualTo("kv/app/db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../staging/db", "app/../../staging/db", "./db", "app//db", "/secret/db", "app/db/", "a\\b",
            "a\u0000b", "a\nb", "%2e%2e%2fstaging", "app db", "what?x=1", "*"})
    void resolve_escapingOrUnsafeBareName_isRefusedNamingReferenceAndProvider(String name) {
        assertThatThrownBy(() -> prod.resolve(SecretRef.ofName(name)))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("provider 'vault' refuses secret reference '")
                .hasMessageContaining("prefix 'prod/'")
                .hasMessageNotContaining("\u0000").hasMessageNotContaining("\n");
    }

    @Test
    void resolve_anotherEnvironmentThroughDotDot_isRefused() {
        assertThatThrownBy(() -> prod.resolve(SecretRef.parse("vault:secret/../staging/app/db#password")))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'vault:secret/../staging/app/db#password'")
                .hasMessageContaining("'..' segment");
    }

    @Test
    void resolve_mountNotGiven_isRefusedListingTheConfiguredOnes() {
        assertThatThrownBy(() -> prod.resolve(SecretRef.parse("vault:other-kv/app/db")))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("mount 'other-kv' is not one this provider was given")
                .hasMessageContaining("KV mount 'secret'")
                .hasMessageContaining("database").hasMessageContaining("db/creds");
    }

    @Test
    void resolve_tooLongPath_isRefusedWithoutQuotingItWhole() {
        String longName = "x".repeat(10_000);
        assertThatThrownBy(() -> prod.resolve(SecretRef.ofName(longName)))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("longer than 512")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(600));
    }

    @Test
    void resolve_referenceOfAnotherProvider_isRefused() {
        assertThatThrownBy(() -> prod.resolve(SecretRef.parse("env:DB_PASSWORD")))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("belongs to provider 'env'");
    }

    @Test
    void normalisePrefix_acceptsWithOrWithoutSlash_refusesEscapes() {
        assertThat(VaultPaths.normalisePrefix("prod")).isEqualTo("prod/");
        assertThat(VaultPaths.normalisePrefix("prod/eu/")).isEqualTo("prod/eu/");
        assertThat(VaultPaths.normalisePrefix("")).isEmpty();
        assertThatThrownBy(() -> VaultPaths.normalisePrefix("../prod/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pathPrefix must be").hasMessageContaining("'..'");
        assertThatThrownBy(() -> VaultPaths.normalisePrefix("/prod"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts with '/'");
    }

    @Test
    void checkMount_namesTheSetting() {
        assertThat(VaultPaths.checkMount("kvMount", "team/kv/")).isEqualTo("team/kv");
        assertThatThrownBy(() -> VaultPaths.checkMount("kvMount", "se cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("kvMount must be a Vault mount");
        assertThatThrownBy(() -> VaultPaths.checkMount("dynamicMounts", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dynamicMounts").hasMessageContaining("empty");
    }
}
