package io.catalogsync.kong.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer's body as the chunks it arrived in, read by Jackson straight from them.
 *
 * <p>WebClient's default codec appends every chunk to one buffer that doubles as it grows, and the client then
 * copied that into a {@code byte[]} to parse it. A list page of 1,000 upstreams is ~1.5 MB: the growing buffer
 * copied it several times, and every array above half a G1 region (512 KiB under the daemon's {@code -Xmx256m}) is
 * a humongous allocation that starts a collection of its own: 8 of the ~20 collections of a no-op cycle at 10,000
 * services were caused by them (issue 12, JFR). The chunks are Vert.x's own copies of what the socket read (at most
 * tens of KiB each), kept as they are until the body is parsed.
 */
final class ResponseBody {

    /** For {@code HttpRequest.as}: collects the chunks of one answer. */
    static final BodyCodec<ResponseBody> CODEC = Collector::new;

    private static final ResponseBody EMPTY = new ResponseBody(List.of(), 0);

    private final List<Buffer> chunks;
    private final int length;

    private ResponseBody(List<Buffer> chunks, int length) {
        this.chunks = chunks;
        this.length = length;
    }

    int length() {
        return length;
    }

    /** The body as a tree, exactly as {@code readTree(byte[])} read it (a blank body is a missing node). */
    JsonNode tree() throws IOException {
        byte[] single = singleArray();
        if (single != null) {
            ByteBuf b = buf(chunks.get(0));
            return KongJson.MAPPER.readTree(single, b.arrayOffset() + b.readerIndex(), b.readableBytes());
        }
        return KongJson.MAPPER.readTree(new ChunksInputStream(chunks));
    }

    /** A parser over the body, for readers that bind as they go. */
    JsonParser parser() throws IOException {
        if (chunks.isEmpty()) {
            return KongJson.MAPPER.createParser(new byte[0]);
        }
        byte[] single = singleArray();
        if (single != null) {
            ByteBuf b = buf(chunks.get(0));
            return KongJson.MAPPER.createParser(single, b.arrayOffset() + b.readerIndex(), b.readableBytes());
        }
        return KongJson.MAPPER.createParser(new ChunksInputStream(chunks));
    }

    /** The backing array of a body that came in one heap chunk (small answers: a target page), else null. */
    private byte[] singleArray() {
        if (chunks.size() != 1) {
            return null;
        }
        ByteBuf b = buf(chunks.get(0));
        return b.hasArray() ? b.array() : null;
    }

    private static ByteBuf buf(Buffer chunk) {
        return ((BufferInternal) chunk).unwrap();
    }

    /** The chunks one after the other, without copying them into one array first. */
    private static final class ChunksInputStream extends InputStream {

        private final List<Buffer> chunks;
        private int chunk;
        private int pos;

        ChunksInputStream(List<Buffer> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            while (chunk < chunks.size()) {
                ByteBuf b = buf(chunks.get(chunk));
                int left = b.readableBytes() - pos;
                if (left > 0) {
                    int n = Math.min(left, len);
                    b.getBytes(b.readerIndex() + pos, dst, off, n);
                    pos += n;
                    return n;
                }
                chunk++;
                pos = 0;
            }
            return len == 0 ? 0 : -1;
        }
    }

    /** Keeps each chunk WebClient hands over; they are Vert.x's copies, not the socket's pooled buffers. */
    private static final class Collector implements BodyStream<ResponseBody> {

        private final Promise<ResponseBody> result = Promise.promise();
        private final List<Buffer> chunks = new ArrayList<>(2);
        private int length;

        @Override
        public Future<ResponseBody> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (data.length() > 0) {
                chunks.add(data);
                length += data.length();
            }
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            result.tryComplete(chunks.isEmpty() ? EMPTY : new ResponseBody(chunks, length));
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
