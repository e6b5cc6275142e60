/** Internals of the environment provider: not API, may change in any release. */
package dev.secrets4j.provider.env.internal;
