package dev.secrets4j.provider.env;

import dev.secrets4j.Catalog;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A catalog that names the env provider creates it through its factory, options included. */
class EnvFromCatalogTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void catalogProviders_areCreatedByIdWithTheirOptions() {
        Catalog catalog = Catalog.parse("""
                providers:
                  - id: env
                    prefix: S4J_TEST_UNSET_
                secrets:
                  - name: DB_PASSWORD
                """, "app.yaml");
        assertThatThrownBy(() -> Secrets.builder().catalog(catalog).build())
                .isInstanceOf(SecretValidationException.class)
                .hasMessageContaining("DB_PASSWORD")
                .hasMessageContaining("S4J_TEST_UNSET_DB_PASSWORD");
    }

    @Test
    void catalogProviders_withABadOption_failNamingTheCatalogLineAndOption() {
        Catalog catalog = Catalog.parse("""
                secrets: []
                providers:
                  - id: env
                    prefx: APP_
                """, "app.yaml");
        assertThatThrownBy(() -> Secrets.builder().catalog(catalog))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("secrets catalog app.yaml, line 3")
                .hasMessageContaining("prefx");
    }

    @Test
    void catalogProviders_withAnUnknownId_sayWhichArtifactToAdd() {
        Catalog catalog = Catalog.parse("providers:\n  - id: vault\nsecrets: []\n", "app.yaml");
        assertThatThrownBy(() -> Secrets.builder().catalog(catalog))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("secrets4j-provider-vault");
        assertThat(catalog.providers()).singleElement().extracting(Catalog.ProviderConfig::id).isEqualTo("vault");
    }
}
