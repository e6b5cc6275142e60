package dev.secrets4j.internal.catalog;

import dev.secrets4j.Catalog;
import dev.secrets4j.SecretFormatException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogProvidersTest {

    @Test
    void providers_areReadInOrderWithTheirOptionsAsText() {
        Catalog catalog = Catalog.parse("""
                providers:
                  - id: docker
                    paths: [/run/secrets, /etc/secrets]
                    max-file-size: 65536
                    watch-service: false
                  - id: env
                    prefix: APP_
                secrets:
                  - name: A
                """, "app.yaml");
        assertThat(catalog.providers()).extracting(Catalog.ProviderConfig::id).containsExactly("docker", "env");
        assertThat(catalog.providers().get(0).options()).isEqualTo(Map.of(
                "paths", "/run/secrets,/etc/secrets", "max-file-size", "65536", "watch-service", "false"));
        assertThat(catalog.providers().get(1).line()).isEqualTo(6);
    }

    @Test
    void noProviders_isAnEmptyList() {
        assertThat(Catalog.parse("secrets: []\n", "a.yaml").providers()).isEmpty();
    }

    @Test
    void badProviders_areReportedWithTheirLines() {
        assertThatThrownBy(() -> Catalog.parse("""
                providers:
                  - paths: /x
                  - id: env
                  - id: env
                  - id: docker
                    paths: {a: b}
                secrets: []
                """, "a.yaml"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("line 2: a provider has no 'id'")
                .hasMessageContaining("line 4: provider 'env' is listed twice")
                .hasMessageContaining("line 6: provider option 'paths' must be a single value or a list of values");
    }

    @Test
    void providersThatIsNotAList_isAnError() {
        assertThatThrownBy(() -> Catalog.parse("providers: docker\nsecrets: []\n", "a.yaml"))
                .hasMessageContaining("line 1: 'providers' must be a list");
    }
}
