package io.catalogsync.kong.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.entity.Upstream;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ResponseBody} keeps an answer in the chunks it arrived in; wherever the chunks are cut, the tree and the
 * page read from them are those read from the whole body at once (a cut inside a multi-byte character, a number,
 * a field name included).
 */
class ResponseBodyTest {

    private static final String PAGE = "{\"data\": [{\"id\": \"u1\", \"name\": \"caf\u00e9-\u4e2d\u6587\", \"slots\": 10000,"
            + " \"healthchecks\": {\"active\": {\"timeout\": 1.5, \"http_path\": \"/h\u00e9\"}}, \"tags\": [\"a\", \"b\"],"
            + " \"created_at\": 1700000000}, {\"id\": \"u2\", \"name\": \"two\", \"future\": [1, null, true]}],"
            + " \"next\": \"/upstreams?offset=x\", \"offset\": \"x\"}";

    @Test
    void everyWayOfCuttingTheBodyReadsTheSame() throws Exception {
        byte[] whole = PAGE.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = KongJson.MAPPER.readTree(whole);
        ListPageReader<Upstream> reader = new ListPageReader<>(Upstream.class, "/upstreams");
        Page<Upstream> page = reader.read(whole, 200);
        assertThat(page.data()).hasSize(2);
        int cuts = 0;
        for (int a = 0; a <= whole.length; a++) {
            for (int b = a; b <= whole.length; b += 7) {
                ResponseBody body = collect(whole, a, b);
                assertThat(body.length()).isEqualTo(whole.length);
                assertThat(body.tree()).as("cut at %d and %d", a, b).isEqualTo(tree);
                try (JsonParser p = body.parser()) {
                    assertThat(reader.read(p, 200)).as("cut at %d and %d", a, b).isEqualTo(page);
                }
                cuts++;
            }
        }
        assertThat(cuts).isGreaterThan(1000);
    }

    @Test
    void blankAndEmptyBodiesReadAsBefore() throws Exception {
        assertThat(collect(new byte[0], 0, 0).length()).isZero();
        // readTree(byte[]) of a blank body is a missing node, not null: the tree path kept that.
        assertThat(collect("  \n".getBytes(StandardCharsets.UTF_8), 1, 2).tree())
                .isEqualTo(KongJson.MAPPER.readTree("  \n".getBytes(StandardCharsets.UTF_8)));
        try (JsonParser p = collect(new byte[0], 0, 0).parser()) {
            assertThat(p.nextToken()).isNull();
        }
    }

    /** The body as WebClient hands it over: up to three chunks, cut at {@code a} and {@code b}. */
    private static ResponseBody collect(byte[] whole, int a, int b) throws Exception {
        BodyStream<ResponseBody> stream = ResponseBody.CODEC.stream();
        List<Buffer> chunks = new ArrayList<>();
        chunks.add(Buffer.buffer().appendBytes(whole, 0, a));
        chunks.add(Buffer.buffer().appendBytes(whole, a, b - a));
        chunks.add(Buffer.buffer().appendBytes(whole, b, whole.length - b));
        for (Buffer c : chunks) {
            stream.write(c);
        }
        stream.end();
        return stream.result().result();
    }
}
