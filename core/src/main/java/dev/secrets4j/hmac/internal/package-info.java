/** Internals of the webhook signatures in {@code dev.secrets4j.hmac}: not API, may change in any release. */
package dev.secrets4j.hmac.internal;
