/**
 * Internals of the encrypted file store, not API: the store's layout and file formats, its
 * cryptography, atomic writes and the writers' lock. May change between releases.
 */
package dev.secrets4j.provider.file.internal;
