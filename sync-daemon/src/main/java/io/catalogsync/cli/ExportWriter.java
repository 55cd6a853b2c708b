package io.catalogsync.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.sync.dbless.UnownedReader;
import io.catalogsync.sync.render.DeckRenderer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes Kong's declarative export as the pages of a DB-less read arrive ({@code dump --all}): the document
 * {@code GET /config} answers, {@code _format_version: "3.0"} and {@code _transform: false} first, then one list per
 * collection Kong holds entities of (kong/db/declarative/export.lua: {@code emit_toplevel}, then
 * {@code emit_entity} opening a collection's list with its first entity). Nothing but the page being written is
 * held, so the document never is. Each page is written on a worker thread (file I/O never runs on the event
 * loop), one page at a time; keys are sorted, as in Kong's export.
 */
final class ExportWriter implements UnownedReader.Sink, Closeable {

    private final Vertx vertx;
    private final DeckRenderer.Format format;
    private final ObjectMapper mapper;
    private final JsonGenerator gen;
    private final Set<String> written = new HashSet<>();
    private String open;
    private long entities;

    /** Writes to {@code out}, and closes it when closed. */
    ExportWriter(Vertx vertx, OutputStream out, DeckRenderer.Format format) throws IOException {
        this.vertx = vertx;
        this.format = format;
        this.mapper = DeckRenderer.mapper(format).copy().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
        this.gen = mapper.createGenerator(out);
        gen.writeStartObject();
        gen.writeStringField("_format_version", "3.0");
        gen.writeBooleanField("_transform", false);
    }

    @Override
    public Future<Void> page(String collection, List<ObjectNode> page) {
        return vertx.executeBlocking(() -> {
            write(collection, page);
            return null;
        }, false);
    }

    private synchronized void write(String collection, List<ObjectNode> page) throws IOException {
        if (page.isEmpty()) {
            return;
        }
        if (!collection.equals(open)) {
            // A collection's list is written once: pages of one collection must not be split by another's.
            if (!written.add(collection)) {
                throw new IllegalStateException("the pages of " + collection + " did not come together");
            }
            if (open != null) {
                gen.writeEndArray();
            }
            gen.writeArrayFieldStart(collection);
            open = collection;
        }
        for (ObjectNode e : page) {
            mapper.writeTree(gen, e);
        }
        entities += page.size();
    }

    /** Ends the document and flushes it; the number of entities written. */
    synchronized long finish() throws IOException {
        if (open != null) {
            gen.writeEndArray();
            open = null;
        }
        gen.writeEndObject();
        if (format == DeckRenderer.Format.JSON) {
            gen.writeRaw('\n');
        }
        gen.flush();
        return entities;
    }

    @Override
    public synchronized void close() throws IOException {
        gen.close();
    }
}
