package dev.secrets4j.provider.aws.internal;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the SDK client: the URLConnection HTTP client set explicitly, the SDK's retries off (the
 * provider's {@link Retrier} is the one retry layer), a call timeout, and the region and
 * credentials given or found by the SDK's default chains.
 */
public final class Clients {

    private Clients() {
    }

    /**
     * The region given, else the one the SDK's region chain finds.
     *
     * @throws IllegalStateException saying where the chain looked when it finds none
     */
    public static Region region(Optional<String> region, Optional<String> profile) {
        if (region.isPresent()) {
            return Region.of(region.get());
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            profile.ifPresent(chain::profileName);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException("provider 'aws' has no region: none was configured and the AWS SDK's region chain"
                    + " found none (it looked at the aws.region system property, the AWS_REGION environment variable, the"
                    + " profile file ~/.aws/config" + profile.map(p -> " (profile " + p + ")").orElse("")
                    + " and instance metadata); set the 'region' option or AWS_REGION", e);
        }
    }

    /** The credentials given, else a named profile's, else the SDK's default chain. */
    public static AwsCredentialsProvider credentials(Optional<AwsCredentialsProvider> given, Optional<String> profile) {
        if (given.isPresent()) {
            return given.get();
        }
        if (profile.isPresent()) {
            return ProfileCredentialsProvider.create(profile.get());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** A client for {@code region} with {@code credentials}, at {@code endpoint} when given. */
    public static SecretsManagerClient client(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                              Duration callTimeout) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(callTimeout)
                        .socketTimeout(callTimeout)
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(callTimeout));
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }
}
