package io.catalogsync.sync.source;

import io.catalogsync.catalog.CatalogPage;
import io.catalogsync.catalog.CatalogParseException;
import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.CatalogService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The catalog as a file, or as a directory of {@code *.yaml}, {@code *.yml} and {@code *.json} files read in
 * file-name order (not recursively; names starting with {@code .} are skipped, which also skips the
 * {@code ..data} entries of a mounted Kubernetes ConfigMap). Each file holds services in the catalog API's shape.
 *
 * <p>One unreadable or unparsable file fails the whole fetch, with every bad file named. Reading the other
 * files and going on would make the services of the bad file look removed, and the cycle would delete them
 * from Kong; a failed fetch deletes nothing.
 *
 * <p>Files are read on a worker thread. The etag is a SHA-256 of the file names and contents.
 */
public final class FileCatalogSource implements CatalogSource {

    private final Vertx vertx;
    private final Path path;

    public FileCatalogSource(Vertx vertx, Path path) {
        this.vertx = vertx;
        this.path = path;
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public Future<CatalogFetch> fetch() {
        return vertx.executeBlocking(this::read, false)
                .recover(e -> Future.succeededFuture(new CatalogFetch.Failed(
                        "could not read the catalog at " + path + ": " + e.getMessage(), true, e)));
    }

    private CatalogFetch read() throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(FileCatalogSource::isCatalogFile).sorted().toList();
            }
        } else if (Files.exists(path)) {
            files = List.of(path);
        } else {
            return new CatalogFetch.Failed("the catalog file or directory " + path + " does not exist", true,
                    new NoSuchFileException(path.toString()));
        }
        List<CatalogService> services = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        MessageDigest digest = sha256();
        for (Path f : files) {
            String name = f.getFileName().toString();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                errors.add(name + ": cannot be read: " + e.getMessage());
                continue;
            }
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
            try {
                if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
                    CatalogPage page = CatalogParser.parseJson(bytes, name);
                    services.addAll(page.services());
                    if (page.next() != null) {
                        warnings.add(name + ": 'next' link ignored: a catalog file holds the whole catalog");
                    }
                } else {
                    services.addAll(CatalogParser.parseYaml(new String(bytes, StandardCharsets.UTF_8), name));
                }
            } catch (CatalogParseException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            String msg = (errors.size() == 1 ? "a catalog file is invalid" : errors.size() + " catalog files are invalid")
                    + "; nothing is synced until it is fixed: " + String.join("; ", errors);
            return new CatalogFetch.Failed(msg, false, new CatalogParseException(msg));
        }
        return new CatalogFetch.Fetched(services, HexFormat.of().formatHex(digest.digest()), warnings);
    }

    private static boolean isCatalogFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && Files.isRegularFile(p)
                && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
