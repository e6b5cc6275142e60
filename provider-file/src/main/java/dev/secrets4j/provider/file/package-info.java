/** The encrypted, versioned, writable local file store: provider id {@code file}. */
package dev.secrets4j.provider.file;
