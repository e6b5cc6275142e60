/** Internals of secrets4j core: not API, may change in any release. */
package dev.secrets4j.internal;
