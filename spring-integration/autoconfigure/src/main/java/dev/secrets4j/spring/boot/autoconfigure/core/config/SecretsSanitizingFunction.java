package dev.secrets4j.spring.boot.autoconfigure.core.config;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks, in {@code /actuator/env}, {@code /actuator/configprops} and wherever else Spring Boot
 * sanitizes values, every value that came from secrets4j, whatever {@code show-values} says:
 * <ul>
 *   <li>any property read from the {@link SecretsPropertySource};</li>
 *   <li>any value equal to one the {@code secrets4j} property source handed out, now or before a
 *       rotation, so {@code spring.datasource.password=${DB_PASSWORD}} and the bound
 *       {@code DataSourceProperties.password} are masked too;</li>
 *   <li>any property whose raw text holds a placeholder of a declared secret name
 *       ({@code jdbc:...?password=${DB_PASSWORD}});</li>
 *   <li>credential options of providers, such as {@code secrets4j.providers.vault.token}.</li>
 * </ul>
 */
public final class SecretsSanitizingFunction implements SanitizingFunction {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");
    private static final List<String> CREDENTIAL_WORDS = List.of("token", "secret", "password", "key", "credential", "jwt");
    private static final String PROVIDERS_PREFIX = "secrets4j.providers.";

    private final ConfigurableEnvironment environment;

    private SecretsSanitizingFunction(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    /** A function that finds the secrets4j property sources in {@code environment} at each call. */
    public static SecretsSanitizingFunction of(ConfigurableEnvironment environment) {
        return new SecretsSanitizingFunction(Objects.requireNonNull(environment, "environment"));
    }

    /** Returns {@code data} masked when it came from secrets4j, unchanged otherwise. */
    @Override
    public SanitizableData apply(SanitizableData data) {
        return mustMask(data) ? data.withSanitizedValue() : data;
    }

    private boolean mustMask(SanitizableData data) {
        if (data.getPropertySource() instanceof SecretsPropertySource) {
            return true;
        }
        if (isProviderCredential(data.getLowerCaseKey())) {
            return true;
        }
        List<SecretsPropertySource> ours = ours();
        if (ours.isEmpty()) {
            return false;
        }
        for (SecretsPropertySource source : ours) {
            if (source.hasServed(data.getValue())) {
                return true;
            }
        }
        return referencesSecret(data, ours);
    }

    private static boolean isProviderCredential(String key) {
        if (key == null || !key.startsWith(PROVIDERS_PREFIX)) {
            return false;
        }
        String option = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return CREDENTIAL_WORDS.stream().anyMatch(option::contains);
    }

    private static boolean referencesSecret(SanitizableData data, List<SecretsPropertySource> ours) {
        PropertySource<?> source = data.getPropertySource();
        if (source == null || data.getKey() == null) {
            return false;
        }
        Object raw = source.getProperty(data.getKey());
        if (!(raw instanceof CharSequence text)) {
            return false;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1).trim();
            for (SecretsPropertySource s : ours) {
                if (s.getSource().declaredNames().contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<SecretsPropertySource> ours() {
        List<SecretsPropertySource> out = new ArrayList<>(1);
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof SecretsPropertySource s) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "SecretsSanitizingFunction";
    }
}
