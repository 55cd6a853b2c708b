package io.catalogsync.kong.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Kong Admin API exchanges recorded in {@code src/test/resources/kong-transcripts/} (copied from the
 * project's recordings; the folder's README says how they were made). They ship in this module's test-jar, so
 * every module's tests read them from the classpath: no test depends on anything outside the repository.
 */
public final class KongTranscripts {

    /** The classpath folder holding one sub-folder per recording ({@code 3.4.2}, {@code 3.4.2-daemon}, ...). */
    public static final String ROOT = "kong-transcripts";

    private KongTranscripts() {
    }

    /**
     * The folder of one recording ({@code "3.4.2"}, {@code "3.9.3-daemon"}) as a {@link Path}: a directory
     * when the test classes are a directory, a path inside the test-jar otherwise.
     */
    public static Path folder(String name) {
        URL url = KongTranscripts.class.getClassLoader().getResource(ROOT + "/" + name + "/");
        if (url == null) {
            url = KongTranscripts.class.getClassLoader().getResource(ROOT + "/" + name);
        }
        if (url == null) {
            throw new IllegalStateException("transcript folder " + ROOT + "/" + name + " is not on the test classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.provider().getPath(uri);
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open transcript folder " + name, e);
        }
    }

    /** The JSON transcript files of one recording, sorted by name. */
    public static List<Path> files(String name) {
        try (Stream<Path> s = Files.list(folder(name))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of one transcript file ({@code "3.4.2", "services.json"}). */
    public static byte[] read(String name, String file) {
        String res = ROOT + "/" + name + "/" + file;
        try (InputStream in = KongTranscripts.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("transcript " + res + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
