package dev.secrets4j.provider.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A secret volume laid out the way the kubelet's atomic writer does it: the files in a
 * timestamped folder {@code ..2026_11_25_xx}, the link {@code ..data} to it, and one link per
 * secret {@code name -> ..data/name}. {@link #swap(Map)} writes a new timestamped folder, points a
 * temporary link at it, renames that link over {@code ..data} in one atomic step, then deletes
 * the old folder.
 */
final class KubernetesVolume {

    private final Path root;
    private int generation;
    private Path current;

    private KubernetesVolume(Path root) {
        this.root = root;
    }

    /** A volume in {@code root} (created if needed) holding {@code files} (name to content). */
    static KubernetesVolume create(Path root, Map<String, String> files) throws IOException {
        Files.createDirectories(root);
        KubernetesVolume volume = new KubernetesVolume(root);
        volume.current = volume.writeGeneration(files);
        Files.createSymbolicLink(root.resolve("..data"), root.relativize(volume.current));
        for (String name : files.keySet()) {
            Files.createSymbolicLink(root.resolve(name), Path.of("..data", name));
        }
        return volume;
    }

    /** The folder the volume is mounted at. */
    Path root() {
        return root;
    }

    /** The current timestamped folder. */
    Path current() {
        return current;
    }

    /** Replaces every file's content at once; the names must stay the same. */
    void swap(Map<String, String> files) throws IOException {
        Path previous = current;
        Path next = writeGeneration(files);
        Path tmp = root.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, root.relativize(next));
        Files.move(tmp, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        current = next;
        deleteTree(previous);
    }

    private Path writeGeneration(Map<String, String> files) throws IOException {
        generation++;
        Path dir = Files.createDirectory(root.resolve(String.format("..2026_11_25_10_00_%02d.%09d", generation, generation)));
        for (Map.Entry<String, String> e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
