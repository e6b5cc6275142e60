/**
 * JWT signing and verification built from secrets: a dual-key RS256 key ring that follows
 * rotation, a signer, a verifier, JWKS publishing and HS256 to RS256 migration.
 */
package dev.secrets4j.jwt;
