/**
 * The secrets catalog parser: reads YAML or JSON with Jackson into a small tree that remembers
 * each key's line, then checks every key and value so that each error names the file, the line
 * and the key, and a typo never silently disables a check.
 */
package dev.secrets4j.internal.catalog;
