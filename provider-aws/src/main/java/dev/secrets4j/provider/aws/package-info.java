/**
 * The AWS Secrets Manager provider: batch reads at boot, version stages, describe-only change
 * detection, idempotent writes and per-operation rate budgets, on the AWS SDK for Java v2.
 */
package dev.secrets4j.provider.aws;
