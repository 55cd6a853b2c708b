package io.catalogsync.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCatalogSourceTest {

    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CatalogFetch fetch(Path p) throws Exception {
        return new FileCatalogSource(vertx, p).fetch().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String yaml(String name) {
        return "- name: " + name + "\n  version: v1\n  endpoints:\n  - protocol: http\n    host: " + name
                + ".internal\n    port: 8080\n    path: /api/*\n";
    }

    @Test
    void readsAFile() throws Exception {
        Path f = dir.resolve("catalog.yaml");
        Files.writeString(f, yaml("billing"));
        assertThat(fetch(f)).isInstanceOfSatisfying(CatalogFetch.Fetched.class, x -> {
            assertThat(x.services()).extracting(s -> s.name()).containsExactly("billing");
            assertThat(x.etag()).hasSize(64);
        });
    }

    @Test
    void readsADirectoryInNameOrderSkippingOtherFiles() throws Exception {
        Files.writeString(dir.resolve("b.yml"), yaml("orders"));
        Files.writeString(dir.resolve("a.yaml"), yaml("billing"));
        Files.writeString(dir.resolve("c.json"), "{\"services\":[" + HttpCatalogSourceTest.service("users") + "]}");
        Files.writeString(dir.resolve("notes.txt"), "not a catalog");
        Files.writeString(dir.resolve(".hidden.yaml"), "{ broken");
        Files.createDirectory(dir.resolve("..data"));
        CatalogFetch f = fetch(dir);
        assertThat(f).isInstanceOfSatisfying(CatalogFetch.Fetched.class, x ->
                assertThat(x.services()).extracting(s -> s.name()).containsExactly("billing", "orders", "users"));
        String etag = ((CatalogFetch.Fetched) f).etag();
        Files.writeString(dir.resolve("b.yml"), yaml("orders2"));
        assertThat(((CatalogFetch.Fetched) fetch(dir)).etag()).isNotEqualTo(etag);
    }

    @Test
    void oneBadFileFailsTheWholeFetch() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), yaml("billing"));
        Files.writeString(dir.resolve("b.yaml"), "- name: orders\n  endpoints: [unclosed\n");
        Files.writeString(dir.resolve("c.json"), "{\"services\": [");
        CatalogFetch f = fetch(dir);
        assertThat(f).isInstanceOfSatisfying(CatalogFetch.Failed.class, x -> {
            assertThat(x.unavailable()).isFalse();
            assertThat(x.message()).contains("2 catalog files are invalid").contains("b.yaml").contains("c.json")
                    .contains("nothing is synced");
        });
    }

    @Test
    void anEmptyDirectoryIsAnEmptyCatalogButAMissingPathFails() throws Exception {
        assertThat(fetch(dir)).isInstanceOfSatisfying(CatalogFetch.Fetched.class,
                x -> assertThat(x.services()).isEmpty());
        assertThat(fetch(dir.resolve("nope.yaml"))).isInstanceOfSatisfying(CatalogFetch.Failed.class, x -> {
            assertThat(x.unavailable()).isTrue();
            assertThat(x.message()).contains("does not exist");
        });
    }
}
