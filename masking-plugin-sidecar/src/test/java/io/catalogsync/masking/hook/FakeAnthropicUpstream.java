package io.catalogsync.masking.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.masking.token.TokenFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for the Anthropic API behind nginx. It records what it receives and answers with the
 * tokens it found in the request, echoed back the way a model would: as one JSON message written in pieces
 * that cut every token in two, or as an SSE stream whose text_delta and input_json_delta events split tokens
 * across events and whose events are themselves written in pieces, with small pauses between writes.
 */
final class FakeAnthropicUpstream {

    static final ObjectMapper JSON = new ObjectMapper();
    /** An encoder that writes "[", "]" and ":" as unicode escapes (as some escape "<", ">", "&"). */
    static final ObjectMapper ESCAPE_BRACKETS = escaping("[]:");
    /** An encoder that writes every character a token can hold as a unicode escape. */
    static final ObjectMapper ESCAPE_ALL = escaping("[]:_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef");
    static final long PAUSE_MS = 15;

    /** What one request looked like on arrival. */
    record Received(String path, String body, String acceptEncoding, String contentLength, String transferEncoding) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile String foreignToken;
    /** Completed by the test when the client has seen the first text delta; the stream waits for it. */
    volatile CompletableFuture<Void> firstDeltaSeen = new CompletableFuture<>();
    volatile Boolean streamedBeforeEnd;
    /**
     * Token characters written as unicode escapes inside JSON strings (brackets in a whole answer, every character
     * in a stream), and answers written in small fixed pieces so the escapes are cut too.
     */
    volatile boolean escapeTokens;
    /** SSE data pretty-printed over several data: lines per event. */
    volatile boolean multiLineData;

    private final Vertx vertx;
    private HttpServer server;

    FakeAnthropicUpstream(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<Integer> start() {
        return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").map(s -> {
            server = s;
            return s.actualPort();
        });
    }

    Future<Void> close() {
        return server.close();
    }

    /** The text the "model" answers: every token it received, plus the foreign token when set. */
    static String answer(List<String> tokens, String foreign) {
        StringBuilder b = new StringBuilder("Checked ");
        for (String t : tokens) {
            b.append(t).append(", ");
        }
        b.append("done.");
        if (foreign != null) {
            b.append(" Also ").append(foreign).append(" from elsewhere.");
        }
        return b.toString();
    }

    private static ObjectMapper escaping(String chars) {
        ObjectMapper m = new ObjectMapper();
        int[] codes = com.fasterxml.jackson.core.io.CharacterEscapes.standardAsciiEscapesForJSON();
        for (char c : chars.toCharArray()) {
            codes[c] = com.fasterxml.jackson.core.io.CharacterEscapes.ESCAPE_STANDARD;
        }
        m.getFactory().setCharacterEscapes(new com.fasterxml.jackson.core.io.CharacterEscapes() {
            @Override
            public int[] getEscapeCodesForAscii() {
                return codes;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return null;
            }
        });
        return m;
    }

    /** s in pieces of n characters. */
    static List<String> fixedPieces(String s, int n) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < s.length(); i += n) {
            pieces.add(s.substring(i, Math.min(s.length(), i + n)));
        }
        return pieces;
    }

    static List<String> tokensIn(String text) {
        List<String> tokens = new ArrayList<>();
        for (int[] r : TokenFormat.find(text)) {
            String t = text.substring(r[0], r[1]);
            if (!tokens.contains(t)) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buf -> {
            String body = buf.toString(StandardCharsets.UTF_8);
            received.add(new Received(req.path(), body, req.getHeader("Accept-Encoding"),
                    req.getHeader("Content-Length"), req.getHeader("Transfer-Encoding")));
            List<String> tokens = tokensIn(body);
            String text = answer(tokens, foreignToken);
            boolean stream;
            try {
                stream = JSON.readTree(body).path("stream").asBoolean(false);
            } catch (Exception e) {
                stream = false;
            }
            HttpServerResponse resp = req.response().setChunked(true);
            if (stream) {
                resp.putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache");
                streamAnswer(resp, text, tokens.isEmpty() ? null : tokens.get(0));
            } else {
                resp.putHeader("Content-Type", "application/json");
                wholeAnswer(resp, text, tokens.isEmpty() ? null : tokens.get(0));
            }
        });
    }

    private void wholeAnswer(HttpServerResponse resp, String text, String firstToken) {
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", "msg_test").put("type", "message").put("role", "assistant").put("model", "m");
        ArrayNode content = msg.putArray("content");
        content.addObject().put("type", "text").put("text", text);
        if (firstToken != null) {
            ObjectNode tool = content.addObject().put("type", "tool_use").put("id", "toolu_1").put("name", "lookup");
            tool.putObject("input").put("instance", firstToken);
        }
        msg.put("stop_reason", "end_turn");
        msg.putObject("usage").put("input_tokens", 10).put("output_tokens", 20);
        String json;
        try {
            json = (escapeTokens ? ESCAPE_BRACKETS : JSON).writeValueAsString(msg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        writeSlowly(resp, escapeTokens ? fixedPieces(json, 17) : cutInsideTokens(json), 0);
    }

    /** Splits s into pieces so that every token is cut in two (alternately after "[" and in the middle). */
    static List<String> cutInsideTokens(String s) {
        List<String> pieces = new ArrayList<>();
        int last = 0;
        int n = 0;
        for (int[] r : TokenFormat.find(s)) {
            int cut = (n++ % 2 == 0) ? r[0] + 1 : (r[0] + r[1]) / 2;
            pieces.add(s.substring(last, cut));
            last = cut;
        }
        pieces.add(s.substring(last));
        return pieces;
    }

    private void writeSlowly(HttpServerResponse resp, List<String> pieces, int i) {
        if (i == pieces.size()) {
            resp.end();
            return;
        }
        resp.write(pieces.get(i));
        vertx.setTimer(PAUSE_MS, t -> writeSlowly(resp, pieces, i + 1));
    }

    private String event(String type, ObjectNode data) {
        try {
            if (multiLineData) {
                String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data);
                return "event: " + type + "\ndata: " + pretty.replace("\n", "\ndata: ") + "\n\n";
            }
            return "event: " + type + "\ndata: " + (escapeTokens ? ESCAPE_ALL : JSON).writeValueAsString(data)
                    + "\n\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void streamAnswer(HttpServerResponse resp, String text, String firstToken) {
        List<String> writes = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.putObject("message").put("id", "msg_test").put("type", "message").put("role", "assistant")
                .putArray("content");
        writes.add(event("message_start", start));
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        writes.add(event("content_block_start", blockStart));
        // text deltas cut inside every token: the token's two halves arrive in two events
        List<String> textPieces = cutInsideTokens(text);
        int firstDeltaWrite = writes.size();
        for (String piece : textPieces) {
            ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "text_delta").put("text", piece);
            writes.add(event("content_block_delta", d));
        }
        writes.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
        if (firstToken != null) {
            ObjectNode toolStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 1);
            toolStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_1").put("name", "lookup")
                    .putObject("input");
            writes.add(event("content_block_start", toolStart));
            for (String piece : cutInsideTokens("{\"instance\": \"" + firstToken + "\"}")) {
                ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 1);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                writes.add(event("content_block_delta", d));
            }
            writes.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 1)));
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", "end_turn");
        writes.add(event("message_delta", delta));
        writes.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));

        // Network chunks: most events alone, some cut inside a token so one event spans two chunks.
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            String w = writes.get(i);
            if (escapeTokens && i % 3 == 2) {
                chunks.addAll(fixedPieces(w, 23));
            } else if (i % 3 == 2 && !TokenFormat.find(w).isEmpty()) {
                chunks.addAll(cutInsideTokens(w));
            } else {
                chunks.add(w);
            }
            if (i == firstDeltaWrite) {
                chunks.add(null); // marker: wait here until the client has seen this delta
            }
        }
        streamSlowly(resp, chunks, 0);
    }

    private void streamSlowly(HttpServerResponse resp, List<String> chunks, int i) {
        if (i == chunks.size()) {
            resp.end();
            return;
        }
        if (chunks.get(i) == null) {
            Future.fromCompletionStage(firstDeltaSeen).timeout(5, TimeUnit.SECONDS)
                    .onComplete(ar -> {
                        streamedBeforeEnd = ar.succeeded();
                        streamSlowly(resp, chunks, i + 1);
                    });
            return;
        }
        resp.write(Buffer.buffer(chunks.get(i)));
        vertx.setTimer(PAUSE_MS, t -> streamSlowly(resp, chunks, i + 1));
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
