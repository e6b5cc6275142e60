package dev.secrets4j.testing.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The calls received, in arrival order, with the status each got. Thread-safe. */
final class CallLog {

    /** One received call; its status is set once answered. */
    static final class Entry {
        final String operation;
        final List<String> secretIds;
        final Instant time;
        volatile int status = -1;

        Entry(String operation, List<String> secretIds, Instant time) {
            this.operation = operation;
            this.secretIds = List.copyOf(secretIds);
            this.time = time;
        }

        RecordedCall snapshot() {
            return new RecordedCall(operation, secretIds, time, status);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized Entry add(String operation, List<String> secretIds, Instant time) {
        Entry e = new Entry(operation, secretIds, time);
        entries.add(e);
        return e;
    }

    synchronized List<RecordedCall> all() {
        return entries.stream().map(Entry::snapshot).toList();
    }

    synchronized Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        entries.forEach(e -> out.merge(e.operation, 1, Integer::sum));
        return Map.copyOf(out);
    }

    synchronized int count(String operation) {
        return (int) entries.stream().filter(e -> e.operation.equals(operation)).count();
    }

    synchronized void clear() {
        entries.clear();
    }
}
