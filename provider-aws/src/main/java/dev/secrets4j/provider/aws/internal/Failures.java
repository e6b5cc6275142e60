package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.SecretProviderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.Locale;
import java.util.Set;

/**
 * Maps AWS SDK failures to {@link SecretProviderException}s by error code (unmodelled codes such
 * as {@code AccessDeniedException} arrive as a plain service exception carrying the code).
 * Messages name the secret, the region and the IAM action, never credentials, tokens or values;
 * the service's own message text is left out because it is not ours to vouch for.
 */
public final class Failures {

    /** The provider id. */
    public static final String ID = "aws";

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
            "SlowDown", "BandwidthLimitExceeded", "ProvisionedThroughputExceededException");
    private static final Set<String> SERVER = Set.of("InternalServiceError", "InternalFailure", "ServiceUnavailable");

    private Failures() {
    }

    /** The error code of a service failure, or empty for client-side failures. */
    public static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** Whether {@code e} says the secret (or the version or stage asked for) does not exist. */
    public static boolean isNotFound(SdkException e) {
        return e instanceof ResourceNotFoundException || "ResourceNotFoundException".equals(code(e));
    }

    /** Whether {@code e} says the secret is scheduled for deletion. */
    public static boolean isMarkedForDeletion(SdkException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return "InvalidRequestException".equals(code(e)) && message.contains("marked for deletion");
    }

    /** Whether another attempt may succeed: throttling, 429, 5xx, internal errors, timeouts and I/O failures. */
    public static boolean isRetryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof InternalServiceErrorException) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = code(e);
            return status == 429 || status >= 500 || THROTTLING.contains(code) || SERVER.contains(code);
        }
        return false;
    }

    /**
     * The exception for a failed {@code action} ({@code secretsmanager:GetSecretValue}) on
     * {@code secret} in {@code region}.
     */
    public static SecretProviderException map(SdkException e, String secret, String region, String action) {
        String code = code(e);
        String where = "secret '" + secret + "' in region " + region;
        if (e instanceof SdkClientException) {
            return SecretProviderException.retryable(ID, secret, action + " on " + where + " failed before AWS answered ("
                    + e.getClass().getSimpleName() + "); check the network path to Secrets Manager, will retry", null);
        }
        if (isRetryable(e)) {
            return SecretProviderException.retryable(ID, secret, action + " on " + where + " failed with " + describe(e)
                    + "; AWS is throttling or failing, will retry with backoff", null);
        }
        if ("AccessDeniedException".equals(code)) {
            return SecretProviderException.permanent(ID, secret, "AWS denied " + action + " on " + where
                    + " (AccessDeniedException); grant " + action + " on this secret's ARN to the application's IAM role", null);
        }
        if (e instanceof DecryptionFailureException || "DecryptionFailure".equals(code)) {
            return SecretProviderException.permanent(ID, secret, "AWS could not decrypt " + where
                    + " (DecryptionFailure); grant kms:Decrypt on the secret's KMS key to the application's IAM role", null);
        }
        if (isMarkedForDeletion(e)) {
            return SecretProviderException.permanent(ID, secret, where + " is marked for deletion; restore it with"
                    + " RestoreSecret or point the reference at another secret", null);
        }
        if (e instanceof ResourceExistsException || "ResourceExistsException".equals(code)) {
            return SecretProviderException.permanent(ID, secret, action + " on " + where + " was refused (ResourceExistsException):"
                    + " this write's request token already made a version with another value; make a new write", null);
        }
        if ("UnrecognizedClientException".equals(code) || "InvalidClientTokenId".equals(code)
                || "InvalidSignatureException".equals(code) || "SignatureDoesNotMatch".equals(code)) {
            return SecretProviderException.permanent(ID, secret, action + " on " + where + " was refused (" + code
                    + "): AWS did not accept the credentials; check the profile or credential chain", null);
        }
        return SecretProviderException.permanent(ID, secret, action + " on " + where + " failed with " + describe(e)
                + "; fix the request or the secret, retrying will not help", null);
    }

    private static String describe(SdkException e) {
        String code = code(e);
        int status = e instanceof AwsServiceException s ? s.statusCode() : 0;
        return (code.isEmpty() ? e.getClass().getSimpleName() : code) + (status > 0 ? " (HTTP " + status + ")" : "");
    }
}
