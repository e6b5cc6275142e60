/** The rotation engine: the state record next to each secret, the steps, the schedule. Not API. */
package dev.secrets4j.internal.rotation;
