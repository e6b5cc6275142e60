package dev.secrets4j.testing.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The requests the emulator received, in arrival order, with the status each got. Thread-safe. */
final class RequestLog {

    /** One received request; its status is set once answered. */
    static final class Entry {
        private final String method;
        private final String operation;
        private final String path;
        private final Map<String, String> headers;
        private final Optional<String> namespace;
        private volatile int status = -1;

        Entry(String method, String operation, String path, Map<String, String> headers, Optional<String> namespace) {
            this.method = method;
            this.operation = operation;
            this.path = path;
            this.headers = Map.copyOf(headers);
            this.namespace = namespace;
        }

        void answered(int status) {
            this.status = status;
        }

        RecordedRequest snapshot() {
            return new RecordedRequest(method, path, headers, namespace, status);
        }

        boolean matches(String m, String pathPrefix) {
            int q = path.indexOf('?');
            String p = q < 0 ? path : path.substring(0, q);
            return (m.equals("*") || m.equals(method) || m.equals(operation)) && p.startsWith(pathPrefix);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized Entry add(String method, String operation, String path, Map<String, String> headers,
                           Optional<String> namespace) {
        Entry e = new Entry(method, operation, path, headers, namespace);
        entries.add(e);
        return e;
    }

    synchronized List<RecordedRequest> all() {
        return entries.stream().map(Entry::snapshot).toList();
    }

    synchronized List<RecordedRequest> matching(String method, String pathPrefix) {
        return entries.stream().filter(e -> e.matches(method, pathPrefix)).map(Entry::snapshot).toList();
    }

    synchronized void clear() {
        entries.clear();
    }
}
