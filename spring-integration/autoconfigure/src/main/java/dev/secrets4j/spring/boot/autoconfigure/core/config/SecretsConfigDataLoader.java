package dev.secrets4j.spring.boot.autoconfigure.core.config;

import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.internal.SecretsFactory;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

import java.util.List;

/**
 * Loads {@code secrets4j:}: builds {@link Secrets} from the properties (or reuses the one already
 * in the bootstrap context), registers it there so that the application context gets the same
 * instance as its {@code Secrets} bean (closed with the context), and returns a
 * {@link SecretsPropertySource} over it. A missing or malformed required secret throws
 * {@link dev.secrets4j.SecretValidationException} here, before any bean exists.
 */
public final class SecretsConfigDataLoader implements ConfigDataLoader<SecretsConfigDataResource> {

    /** The bean name of the imported {@code Secrets} in the application context. */
    public static final String BEAN_NAME = "secrets4jSecrets";

    private final Log log;

    /** Created by Spring Boot; logs through the deferred log, replayed once logging is set up. */
    public SecretsConfigDataLoader(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(SecretsConfigDataLoader.class);
    }

    /** Builds or reuses {@code Secrets} and returns its property source. */
    @Override
    public ConfigData load(ConfigDataLoaderContext context, SecretsConfigDataResource resource) {
        ConfigurableBootstrapContext bootstrap = context.getBootstrapContext();
        Secrets secrets;
        if (bootstrap.isRegistered(Secrets.class)) {
            secrets = bootstrap.get(Secrets.class);
        } else {
            secrets = SecretsFactory.build(resource.properties(), List.of(), List.of(), log::warn);
            bootstrap.register(Secrets.class, BootstrapRegistry.InstanceSupplier.of(secrets));
            bootstrap.addCloseListener(event -> share(event.getApplicationContext().getBeanFactory(), secrets));
            log.info("secrets4j: imported " + secrets.declaredNames().size() + " declared secrets as properties " + secrets);
        }
        return new ConfigData(List.of(SecretsPropertySource.of(secrets)));
    }

    private static void share(ConfigurableListableBeanFactory beanFactory, Secrets secrets) {
        if (!beanFactory.containsSingleton(BEAN_NAME)) {
            beanFactory.registerSingleton(BEAN_NAME, secrets);
            if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean(BEAN_NAME, secrets::close);
            }
        }
    }
}
