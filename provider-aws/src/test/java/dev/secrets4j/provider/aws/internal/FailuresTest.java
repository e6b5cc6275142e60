package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.SecretProviderException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static SecretsManagerException error(String code, int status, String message) {
        return (SecretsManagerException) SecretsManagerException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static SecretProviderException map(SecretsManagerException e) {
        return Failures.map(e, "prod/db", "us-east-1", "secretsmanager:GetSecretValue");
    }

    @Test
    void map_whenAccessDenied_isPermanentAndNamesSecretRegionAndAction() {
        SecretProviderException e = map(error("AccessDeniedException", 400, "User: arn:aws:iam::1:user/AKIDLEAK is not authorized"));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("prod/db", "us-east-1", "secretsmanager:GetSecretValue").doesNotContain("AKIDLEAK");
    }

    @Test
    void map_whenDecryptionFailure_namesKmsDecrypt() {
        assertThat(map(error("DecryptionFailure", 400, "x")).getMessage()).contains("kms:Decrypt", "prod/db");
    }

    @Test
    void map_whenMarkedForDeletion_saysSo() {
        SecretProviderException e = map(error("InvalidRequestException", 400,
                "You can't perform this operation on the secret because it was marked for deletion."));
        assertThat(e.getMessage()).contains("marked for deletion", "RestoreSecret");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void isRetryable_whenThrottlingOr429Or5xxOrIo_isTrue() {
        assertThat(Failures.isRetryable(error("ThrottlingException", 400, "Rate exceeded"))).isTrue();
        assertThat(Failures.isRetryable(error("Whatever", 429, ""))).isTrue();
        assertThat(Failures.isRetryable(error("InternalServiceError", 400, ""))).isTrue();
        assertThat(Failures.isRetryable(error("ServiceUnavailable", 503, ""))).isTrue();
        assertThat(Failures.isRetryable(SdkClientException.create("Connection reset"))).isTrue();
        assertThat(map(error("ThrottlingException", 400, "")).isRetryable()).isTrue();
    }

    @Test
    void isRetryable_whenClientError_isFalse() {
        assertThat(Failures.isRetryable(error("InvalidParameterException", 400, ""))).isFalse();
        assertThat(Failures.isRetryable(error("AccessDeniedException", 400, ""))).isFalse();
        assertThat(Failures.isNotFound((ResourceNotFoundException) ResourceNotFoundException.builder().statusCode(400).build())).isTrue();
        assertThat(Failures.isNotFound(error("ResourceNotFoundException", 400, ""))).isTrue();
    }

    @Test
    void map_whenSameTokenOtherValue_isClearPermanentError() {
        SecretProviderException e = Failures.map(error("ResourceExistsException", 400, "x"), "prod/db", "us-east-1",
                "secretsmanager:PutSecretValue");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("request token", "another value", "prod/db");
    }
}
