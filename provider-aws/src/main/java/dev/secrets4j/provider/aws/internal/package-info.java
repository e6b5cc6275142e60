/**
 * Internals of the AWS provider: SDK client construction, error mapping, rate budgets, retries,
 * value parsing, writes, stages on staging labels and refresh spreading. Not API.
 */
package dev.secrets4j.provider.aws.internal;
