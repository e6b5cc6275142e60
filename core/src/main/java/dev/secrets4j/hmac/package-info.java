/**
 * Webhook signatures made from secrets: {@link dev.secrets4j.hmac.HmacVerifier} checks incoming
 * deliveries against the current secret and the previous versions still inside their grace
 * period, with a timestamp window and replay protection; {@link dev.secrets4j.hmac.HmacSigner}
 * signs outgoing ones. {@link dev.secrets4j.hmac.WebhookScheme} describes a sender's format:
 * GitHub, Stripe, Slack or a custom one. JDK cryptography only ({@code javax.crypto.Mac}).
 */
package dev.secrets4j.hmac;
