package dev.secrets4j.spring.boot.autoconfigure.core;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated IDE metadata lists every secrets4j property with its description, and the provider id hints. */
class ConfigurationMetadataTest {

    @Test
    void metadata_listsEveryPropertyWithADescription_andProviderHints() throws IOException {
        JsonNode metadata = ours();
        List<String> names = new ArrayList<>();
        for (JsonNode p : metadata.get("properties")) {
            names.add(p.get("name").asString());
            assertThat(p.path("description").asString()).as("description of %s", p.get("name")).isNotBlank();
        }
        assertThat(names).contains("secrets4j.enabled", "secrets4j.providers", "secrets4j.order", "secrets4j.catalog",
                "secrets4j.required", "secrets4j.optional", "secrets4j.bindings", "secrets4j.boot-concurrency",
                "secrets4j.call-timeout", "secrets4j.cache.ttl", "secrets4j.cache.max-stale",
                "secrets4j.cache.refresh-fraction", "secrets4j.cache.jitter", "secrets4j.cache.retry-initial",
                "secrets4j.cache.retry-max", "secrets4j.cache.negative-ttl");
        List<String> hints = new ArrayList<>();
        metadata.get("hints").forEach(h -> hints.add(h.get("name").asString()));
        assertThat(hints).contains("secrets4j.providers.keys", "secrets4j.order");
        for (JsonNode h : metadata.get("hints")) {
            if (h.get("name").asString().equals("secrets4j.providers.keys") || h.get("name").asString().equals("secrets4j.order")) {
                List<String> ids = new ArrayList<>();
                h.get("values").forEach(v -> ids.add(v.get("value").asString()));
                assertThat(ids).as("provider ids hinted for %s", h.get("name")).contains("aws", "azure", "docker", "env", "vault");
            }
        }
    }

    private static JsonNode ours() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode node = mapper.readTree(in);
                for (JsonNode group : node.path("groups")) {
                    if (group.path("name").asString().equals("secrets4j")) {
                        return node;
                    }
                }
            }
        }
        throw new AssertionError("no generated metadata with group secrets4j on the class path");
    }
}
