package dev.secrets4j.spring.boot.autoconfigure.rotation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds again the {@code @ConfigurationProperties} beans bound to a secret that changed, the way
 * Spring Cloud's {@code ConfigurationPropertiesRebinder} does: destroy, then initialise the same
 * instance, which makes Boot's binding post-processor bind it from the environment again.
 *
 * <p>A bean is bound to secret {@code NAME} when a property under its prefix refers to it
 * ({@code app.api-key=${NAME}}) or when the name itself is a property under its prefix. Beans
 * bound through their constructor (records, {@code @ConstructorBinding}) are immutable: they are
 * reported and left alone. Runs before the application's own listeners of the event.
 */
final class SecretPropertiesRebinder implements ApplicationListener<SecretChangedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(SecretPropertiesRebinder.class);

    private final ApplicationContext context;

    SecretPropertiesRebinder(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public void onApplicationEvent(SecretChangedEvent event) {
        List<String> rebound = rebind(event.name());
        if (!rebound.isEmpty()) {
            log.info("secret '{}' changed (v{} -> v{}): rebound configuration properties beans {}",
                    event.name(), event.previousVersion(), event.currentVersion(), rebound);
        }
    }

    /** Rebinds the beans bound to {@code secretName} and returns their names. */
    List<String> rebind(String secretName) {
        List<String> rebound = new ArrayList<>();
        for (Map.Entry<String, ConfigurationPropertiesBean> e : ConfigurationPropertiesBean.getAll(context).entrySet()) {
            ConfigurationPropertiesBean bean = e.getValue();
            if (!isBoundTo(bean, secretName)) {
                continue;
            }
            if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
                log.warn("secret '{}' changed but configuration properties bean '{}' is bound through its constructor "
                        + "and cannot be rebound; make it a JavaBean with setters, or read the secret from Secrets",
                        secretName, e.getKey());
                continue;
            }
            if (rebind(e.getKey(), bean.getInstance(), secretName)) {
                rebound.add(e.getKey());
            }
        }
        return rebound;
    }

    private boolean rebind(String beanName, Object instance, String secretName) {
        try {
            Object target = unproxy(instance);
            AutowireCapableBeanFactory factory = context.getAutowireCapableBeanFactory();
            factory.destroyBean(target);
            factory.initializeBean(target, beanName);
            return true;
        } catch (RuntimeException ex) {
            // The message of a binding failure can quote the value it rejected: log its type only.
            log.warn("secret '{}' changed but rebinding configuration properties bean '{}' failed ({}); "
                    + "the bean keeps the values it had; check its properties and validation", secretName, beanName,
                    ex.getClass().getName());
            return false;
        }
    }

    private static Object unproxy(Object instance) {
        Object current = instance;
        while (AopUtils.isAopProxy(current) && current instanceof Advised advised) {
            try {
                Object target = advised.getTargetSource().getTarget();
                if (target == null || target == current) {
                    break;
                }
                current = target;
            } catch (Exception e) {
                throw new IllegalStateException("cannot reach the target of proxy " + current.getClass().getName(), e);
            }
        }
        return current;
    }

    private boolean isBoundTo(ConfigurationPropertiesBean bean, String secretName) {
        String prefix = bean.getAnnotation().prefix().isEmpty() ? bean.getAnnotation().value() : bean.getAnnotation().prefix();
        ConfigurationPropertyName root = ConfigurationPropertyName.ofIfValid(prefix);
        if (root == null) {
            return false;
        }
        ConfigurationPropertyName direct = ConfigurationPropertyName.ofIfValid(secretName);
        if (direct != null && (root.isAncestorOf(direct) || root.equals(direct))) {
            return true;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && iterable.stream().anyMatch(name -> root.isAncestorOf(name) && refersTo(source.getConfigurationProperty(name), secretName))) {
                return true;
            }
        }
        return false;
    }

    private static boolean refersTo(ConfigurationProperty property, String secretName) {
        return property != null && property.getValue() instanceof CharSequence raw
                && Placeholders.refersTo(raw.toString(), secretName);
    }
}
