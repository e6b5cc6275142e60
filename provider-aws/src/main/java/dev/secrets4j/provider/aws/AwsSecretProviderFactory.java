package dev.secrets4j.provider.aws;

import dev.secrets4j.spi.ProviderOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;

import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Creates an {@link AwsSecretProvider} by id {@code aws} from string options, for catalog files
 * and Spring properties. Found through {@link java.util.ServiceLoader}.
 *
 * <p>Options: {@code region} (default the SDK's region chain), {@code endpoint},
 * {@code allow-insecure-http} ({@code true} to accept an {@code http://} endpoint),
 * {@code profile} (default the SDK's default credential chain), {@code call-timeout} (default
 * {@code 5s}), {@code max-attempts} (default 3), and
 * the per-instance budgets in calls a second {@code budget.get-secret-value} (20),
 * {@code budget.describe-secret} (20), {@code budget.batch-get-secret-value} (2) and
 * {@code budget.write} (1).
 */
public final class AwsSecretProviderFactory implements SecretProviderFactory {

    private static final Set<String> OPTIONS = Set.of("region", "endpoint", "allow-insecure-http", "profile", "call-timeout",
            "max-attempts", "budget.get-secret-value", "budget.describe-secret",
            "budget.batch-get-secret-value", "budget.write");

    /** For {@link java.util.ServiceLoader}; applications use {@link AwsSecretProvider#builder()}. */
    public AwsSecretProviderFactory() {
    }

    /** {@code aws}. */
    @Override
    public String id() {
        return AwsSecretProvider.ID;
    }

    /** The option keys listed above. */
    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    /**
     * A provider configured by {@code options}; no network I/O but the region chain when no region is given.
     *
     * @throws IllegalArgumentException naming the option when a key is unknown or a value is bad
     */
    @Override
    public SecretProvider create(Map<String, String> options) {
        ProviderOptions o = ProviderOptions.of(AwsSecretProvider.ID, OPTIONS, options);
        AwsSecretProvider.Builder b = AwsSecretProvider.builder();
        if (o.bool("allow-insecure-http").orElse(false)) {
            b.allowInsecureHttp();
        }
        o.string("region").ifPresent(v -> apply(o, "region", "an AWS region such as eu-west-1", () -> b.region(v)));
        o.string("endpoint").ifPresent(v -> apply(o, "endpoint", "an https:// URL (http:// with allow-insecure-http=true)",
                () -> b.endpoint(v)));
        o.string("profile").ifPresent(v -> apply(o, "profile", "a profile name", () -> b.profile(v)));
        o.duration("call-timeout").ifPresent(d -> apply(o, "call-timeout", "a positive duration of at most 1m, such as 5s",
                () -> b.callTimeout(d)));
        o.string("max-attempts").ifPresent(v -> apply(o, "max-attempts", "a whole number from 1 to 10",
                () -> b.maxAttempts(Integer.parseInt(v))));
        rate(o, "budget.get-secret-value", b::getSecretValueBudget);
        rate(o, "budget.describe-secret", b::describeSecretBudget);
        rate(o, "budget.batch-get-secret-value", b::batchGetSecretValueBudget);
        rate(o, "budget.write", b::writeBudget);
        return b.build();
    }

    private static void rate(ProviderOptions o, String key, DoubleConsumer setter) {
        o.string(key).ifPresent(v -> apply(o, key, "calls a second above 0 and at most the account quota, such as 20",
                () -> setter.accept(Double.parseDouble(v))));
    }

    private static void apply(ProviderOptions o, String key, String expected, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            // NumberFormatException is one too: the value is configuration, never a secret.
            throw o.bad(key, expected);
        }
    }
}
