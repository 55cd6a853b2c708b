package io.catalogsync.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.sync.CycleResult;
import io.catalogsync.sync.report.AuditTrail;
import io.catalogsync.sync.state.EntityJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends the audit records of each cycle ({@link AuditTrail}) as JSON lines to a file, or to stderr for
 * {@code -}. One line per write, flushed at the end of each cycle, so a log shipper tailing the file sees whole
 * lines. Blocking I/O: call it from the CLI's thread or a worker, never from an event loop.
 */
public final class AuditLog implements AutoCloseable {

    private final String target;
    private final PrintStream out;
    private final boolean ownsStream;

    private AuditLog(String target, PrintStream out, boolean ownsStream) {
        this.target = target;
        this.out = out;
        this.ownsStream = ownsStream;
    }

    /**
     * Opens {@code target}: {@code -} for stderr, else a file appended to (created with its parent folders).
     *
     * @throws IllegalArgumentException naming the file when it cannot be opened for writing
     */
    public static AuditLog open(String target) {
        if ("-".equals(target)) {
            return new AuditLog(target, System.err, false);
        }
        try {
            Path p = Path.of(target);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            OutputStream os = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return new AuditLog(target, new PrintStream(os, false, StandardCharsets.UTF_8), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--audit-log " + target + ": cannot open for appending ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** Writes one line per write of the cycle; returns how many. */
    public synchronized int write(CycleResult r, String cycleId) {
        List<ObjectNode> records = AuditTrail.records(r, cycleId);
        try {
            for (ObjectNode n : records) {
                out.println(EntityJson.MAPPER.writeValueAsString(n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + target, e);
        }
        out.flush();
        return records.size();
    }

    @Override
    public synchronized void close() {
        if (ownsStream) {
            out.close();
        } else {
            out.flush();
        }
    }
}
