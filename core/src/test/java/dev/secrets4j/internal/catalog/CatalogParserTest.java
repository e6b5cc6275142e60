package dev.secrets4j.internal.catalog;

import dev.secrets4j.Catalog;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogParserTest {

    static final String FULL_YAML = """
            version: 1
            secrets:
              - name: DB_PASSWORD
                description: Primary database password
                min-length: 32
              - name: JWT_PRIVATE_KEY
                from: docker:jwt_private_key      # explicit reference scheme:path#field
                format: rsa-private-key
                min-bits: 4096
                rotate-every: 90d
                warn-before: 14d
              - name: TLS_CERT
                format: x509-certificate
                cert-warn-days: 14
              - name: WEBHOOK_SECRET
                format: base64
                min-bytes: 32
                type: hmac-secret
              - name: DB_CONFIG
                format: json-object
                fields: [username, password]
              - name: API_TOKEN
                pattern: "^tok_[A-Za-z0-9]{32}$"
                not-blank: true
              - name: REDIS_PASSWORD
                required: false
            """;

    static final String FULL_JSON = """
            {
              "version": 1,
              "secrets": [
                {"name": "DB_PASSWORD", "description": "Primary database password", "min-length": 32},
                {"name": "JWT_PRIVATE_KEY", "from": "docker:jwt_private_key", "format": "rsa-private-key",
                 "min-bits": 4096, "rotate-every": "90d", "warn-before": "14d"},
                {"name": "TLS_CERT", "format": "x509-certificate", "cert-warn-days": 14},
                {"name": "WEBHOOK_SECRET", "format": "base64", "min-bytes": 32, "type": "hmac-secret"},
                {"name": "DB_CONFIG", "format": "json-object", "fields": ["username", "password"]},
                {"name": "API_TOKEN", "pattern": "^tok_[A-Za-z0-9]{32}$", "not-blank": true},
                {"name": "REDIS_PASSWORD", "required": false}
              ]
            }
            """;

    private static List<String> described(Catalog.Entry entry) {
        return entry.specs().stream().map(SecretSpec::describe).toList();
    }

    private static void assertFullCatalog(List<Catalog.Entry> entries) {
        assertThat(entries).extracting(Catalog.Entry::name).containsExactly("DB_PASSWORD", "JWT_PRIVATE_KEY",
                "TLS_CERT", "WEBHOOK_SECRET", "DB_CONFIG", "API_TOKEN", "REDIS_PASSWORD");

        Catalog.Entry db = entries.get(0);
        assertThat(db.required()).isTrue();
        assertThat(db.description()).contains("Primary database password");
        assertThat(db.from()).isEmpty();
        assertThat(described(db)).containsExactly("min-length 32");

        Catalog.Entry jwt = entries.get(1);
        assertThat(jwt.from()).contains("docker:jwt_private_key");
        assertThat(described(jwt)).containsExactly("format rsa-private-key, min-bits 4096");
        assertThat(jwt.rotateEvery()).contains(Duration.ofDays(90));
        assertThat(jwt.warnBefore()).contains(Duration.ofDays(14));

        assertThat(described(entries.get(2))).containsExactly("format x509-certificate, cert-warn-days 14");

        Catalog.Entry webhook = entries.get(3);
        assertThat(described(webhook)).containsExactly("format base64, min-bytes 32");
        assertThat(webhook.type()).contains("hmac-secret");

        assertThat(described(entries.get(4))).containsExactly("format json-object, fields username, password");
        assertThat(described(entries.get(5))).containsExactly("not-blank", "pattern ^tok_[A-Za-z0-9]{32}$");

        Catalog.Entry redis = entries.get(6);
        assertThat(redis.required()).isFalse();
        assertThat(redis.specs()).isEmpty();
        assertThat(redis.type()).isEmpty();
        assertThat(redis.rotateEvery()).isEmpty();
        assertThat(redis.warnBefore()).isEmpty();
        assertThat(redis.description()).isEmpty();
    }

    @Test
    void parse_whenFullYaml_readsEveryKey() {
        assertFullCatalog(CatalogParser.parse(FULL_YAML, "app.yaml").entries());
    }

    @Test
    void parse_whenFullJson_readsEveryKey() {
        assertFullCatalog(CatalogParser.parse(FULL_JSON, "app.json").entries());
    }

    @Test
    void parse_whenSourceEndsInJsonAnyCase_readsJson() {
        assertThat(CatalogParser.parse("{\"secrets\": [{\"name\": \"A\"}]}", "conf/APP.JSON").entries())
                .extracting(Catalog.Entry::name).containsExactly("A");
    }

    @Test
    void parse_whenFormatHasNoModifiers_usesDefaults() {
        List<Catalog.Entry> entries = CatalogParser.parse("""
                secrets:
                  - name: JWT_KEY
                    format: rsa-private-key
                  - name: HMAC
                    format: base64
                  - name: CERT
                    format: x509-certificate
                  - name: JSON
                    format: json-object
                  - name: PUB
                    format: public-key
                  - name: HOOK
                    format: url
                """, "defaults.yaml").entries();

        assertThat(entries).extracting(e -> described(e).get(0)).containsExactly(
                "format rsa-private-key, min-bits 2048", "format base64, min-bytes 32",
                "format x509-certificate, cert-warn-days 30", "format json-object", "format public-key", "format url");
    }

    @Test
    void parse_specsFromCatalog_judgeValues() {
        Catalog.Entry db = CatalogParser.parse(FULL_YAML, "app.yaml").entries().get(0);

        List<SecretSpec.Violation> violations = db.specs().get(0)
                .check(Secret.of("DB_PASSWORD", "canary-7f3a-db-password"), Instant.EPOCH);

        assertThat(violations).extracting(SecretSpec.Violation::message)
                .containsExactly("too short: 23 characters, need at least 32");
    }

    @Test
    void parse_whenEmptyListOrNotBlankFalse_isValidAndAddsNothing() {
        assertThat(CatalogParser.parse("secrets: []\n", "empty-list.yaml").entries()).isEmpty();
        assertThat(CatalogParser.parse("secrets:\n  - name: A\n    not-blank: false\n", "a.yaml").entries().get(0).specs())
                .isEmpty();
    }

    @Test
    void parse_whenIsoDurationsAndFieldReference_readsThem() {
        Catalog.Entry entry = CatalogParser.parse("""
                secrets:
                  - name: DB_USER
                    from: vault:secret/app/db#username
                    rotate-every: P30D
                    warn-before: PT12H
                """, "iso.yaml").entries().get(0);

        assertThat(entry.from()).contains("vault:secret/app/db#username");
        assertThat(entry.rotateEvery()).contains(Duration.ofDays(30));
        assertThat(entry.warnBefore()).contains(Duration.ofHours(12));
    }

    @Test
    void catalogLoad_readsFileWithByteOrderMarkThroughTheParser(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets4j.yaml");
        Files.writeString(file, "\uFEFF" + FULL_YAML);

        Catalog catalog = Catalog.load(file);

        assertThat(catalog.entries()).hasSize(7);
        assertThat(catalog.source()).isEqualTo(file.toString());
        assertThat(catalog.entries().get(6).from()).isEqualTo(Optional.empty());
    }
}
