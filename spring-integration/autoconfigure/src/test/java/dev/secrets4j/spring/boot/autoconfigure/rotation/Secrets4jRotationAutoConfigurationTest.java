package dev.secrets4j.spring.boot.autoconfigure.rotation;

import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation auto-configuration: events, rebinding of properties beans bound to a secret, and its switches. */
class Secrets4jRotationAutoConfigurationTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-rotation-api-key-v1-1111");
    private final String v2 = leaks.canary("canary-rotation-api-key-v2-2222");
    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    private ApplicationContextRunner runner() {
        memory.set("API_KEY", v1);
        Secrets secrets = Secrets.builder().provider(memory).require("API_KEY").listenerExecutor(Runnable::run).build();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jRotationAutoConfiguration.class))
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addLast(new SecretsPropertySource(secrets)))
                .withBean(Secrets.class, () -> secrets)
                .withUserConfiguration(App.class)
                .withPropertyValues("app.api.key=${API_KEY}", "app.api.url=https://api.example.test",
                        "app.other.name=plain-name", "app.record.key=${API_KEY}");
    }

    private void rotate(Secrets secrets) {
        memory.set("API_KEY", v2);
        secrets.refresh("API_KEY");
    }

    @Test
    void change_publishesEventAfterRebindingTheBoundPropertiesBean() {
        runner().run(ctx -> {
            ApiProperties api = ctx.getBean(ApiProperties.class);
            assertThat(api.getKey()).isEqualTo(v1);

            rotate(ctx.getBean(Secrets.class));

            Recorder recorder = ctx.getBean(Recorder.class);
            assertThat(recorder.events).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("API_KEY");
                assertThat(e.previousVersion()).isNotEqualTo(e.currentVersion());
                // the in-memory provider pushes the new version to its watchers before refresh() reads it
                assertThat(e.cause()).isEqualTo(SecretChange.Cause.WATCH);
            });
            assertThat(recorder.keysSeenByListener).containsExactly(v2);
            assertThat(api.getKey()).isEqualTo(v2);
            assertThat(api.getUrl()).isEqualTo("https://api.example.test");
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("rebound configuration properties beans")
                    && l.contains("app.api-"));
        });
    }

    @Test
    void change_leavesBeansNotBoundToTheSecretAlone() {
        runner().run(ctx -> {
            OtherProperties other = ctx.getBean(OtherProperties.class);

            rotate(ctx.getBean(Secrets.class));

            assertThat(other.bindings).isEqualTo(1);
            assertThat(other.getName()).isEqualTo("plain-name");
        });
    }

    @Test
    void change_whenBeanIsConstructorBound_keepsItAndWarnsByName() {
        runner().run(ctx -> {
            rotate(ctx.getBean(Secrets.class));

            assertThat(ctx.getBean(RecordProperties.class).key()).isEqualTo(v1);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.startsWith("WARN")
                    && l.contains("secret 'API_KEY' changed but configuration properties bean 'app.record-")
                    && l.contains("cannot be rebound"));
        });
    }

    @Test
    void rebindOff_publishesEventButKeepsOldValue() {
        runner().withPropertyValues("secrets4j.rotation.rebind=false").run(ctx -> {
            assertThat(ctx).doesNotHaveBean("secrets4jPropertiesRebinder");

            rotate(ctx.getBean(Secrets.class));

            assertThat(ctx.getBean(Recorder.class).events).hasSize(1);
            assertThat(ctx.getBean(ApiProperties.class).getKey()).isEqualTo(v1);
        });
    }

    @Test
    void rotationOff_publishesNothing() {
        runner().withPropertyValues("secrets4j.rotation.enabled=false").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(SecretChangePublisher.class).doesNotHaveBean(SecretPropertiesRebinder.class);

            rotate(ctx.getBean(Secrets.class));

            assertThat(ctx.getBean(Recorder.class).events).isEmpty();
        });
    }

    @Test
    void noSecretsBean_configuresNothing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jRotationAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretChangePublisher.class));
    }

    @Test
    void userBeanNamedLikeThePublisher_replacesIt() {
        runner().withBean("secrets4jChangePublisher", String.class, () -> "mine").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(SecretChangePublisher.class);
            assertThat(ctx.getBean("secrets4jChangePublisher")).isEqualTo("mine");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ApiProperties.class, OtherProperties.class, RecordProperties.class})
    static class App {
        @Bean
        Recorder recorder(ApiProperties api) {
            return new Recorder(api);
        }
    }

    static final class Recorder {
        final List<SecretChangedEvent> events = new CopyOnWriteArrayList<>();
        final List<String> keysSeenByListener = new CopyOnWriteArrayList<>();
        private final ApiProperties api;

        Recorder(ApiProperties api) {
            this.api = api;
        }

        @EventListener
        void on(SecretChangedEvent event) {
            events.add(event);
            keysSeenByListener.add(api.getKey());
        }
    }

    /** Bound to API_KEY through a placeholder. */
    @ConfigurationProperties("app.api")
    public static class ApiProperties {
        private String key;
        private String url;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }
    }

    /** Bound to no secret. */
    @ConfigurationProperties("app.other")
    public static class OtherProperties {
        int bindings;
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            bindings++;
            this.name = name;
        }
    }

    /** Bound to API_KEY through its constructor: cannot be rebound. */
    @ConfigurationProperties("app.record")
    public record RecordProperties(String key) {
    }
}
