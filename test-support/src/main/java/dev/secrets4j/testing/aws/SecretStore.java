package dev.secrets4j.testing.aws;

import java.util.List;
import java.util.Optional;

/** The secrets, their versions and staging labels. Thread-safe. */
final class SecretStore {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";

    Optional<String> currentString(String secretId) {
        throw new UnsupportedOperationException("skeleton");
    }

    Optional<String> stringOfVersion(String secretId, String versionId) {
        throw new UnsupportedOperationException("skeleton");
    }

    void putString(String secretId, String versionId, String value, List<String> stages) {
        throw new UnsupportedOperationException("skeleton");
    }

    void finishRotation(String secretId, String token) {
        throw new UnsupportedOperationException("skeleton");
    }
}
