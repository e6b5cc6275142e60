/**
 * An in-process AWS Secrets Manager emulator for tests: {@link dev.secrets4j.testing.aws.SecretsManagerEmulator}
 * serves the awsJson1_1 protocol ({@code POST /} dispatched on {@code X-Amz-Target}) on loopback with the JDK
 * HTTP server, checks SigV4 signatures against configured credentials, keeps staging labels like the service
 * (AWSCURRENT, AWSPREVIOUS, AWSPENDING), drives four-step rotations through a {@link dev.secrets4j.testing.aws.RotationHook},
 * counts calls per operation and injects faults ({@link dev.secrets4j.testing.aws.AwsFault}).
 *
 * <p>Wire facts follow the service model: errors are HTTP 400 with a {@code __type} body (5xx for server
 * faults), timestamps are epoch seconds as JSON numbers, responses are {@code application/x-amz-json-1.1}.
 * No AWS SDK is used here. Every type not listed in this package's public API is package-private.
 */
package dev.secrets4j.testing.aws;
