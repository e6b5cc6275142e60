/**
 * Internals of the JWT module: PEM key parsing, the keys a ring holds, the token's compact form.
 * Not API: may change in any release.
 */
package dev.secrets4j.jwt.internal;
