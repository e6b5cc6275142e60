/** Attack tests of the JWT verifier: each known way to forge or smuggle a token, refused for the right reason. */
package dev.secrets4j.jwt.attacks;
