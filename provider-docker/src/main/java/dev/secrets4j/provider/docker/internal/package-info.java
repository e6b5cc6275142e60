/**
 * Internals of the Docker secret files provider: resolving names to files inside base folders,
 * keyed content hashes, and the watcher thread. Not API: may change in any release.
 */
package dev.secrets4j.provider.docker.internal;
