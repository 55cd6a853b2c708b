package io.catalogsync.masking.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.masking.detect.AwsIdentifierScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Anthropic Messages request bodies of a fixed size (8 KiB by default) holding a fixed number of AWS
 * identifiers (20 by default), the load of the masking benchmark: a system prompt, a user question, an assistant
 * answer in text blocks and a tool result, padded with ordinary technical prose ({@link Corpus#clean}). The
 * identifiers come from pools (a fleet has a few hundred resources that conversations keep naming), so bodies
 * share some identifiers and differ in others, as real traffic does; every body is checked with the scanner.
 *
 * <p>{@code java -cp <test classpath> io.catalogsync.masking.bench.MessagesBodies DIR [count] [bytes] [identifiers]}
 * writes {@code DIR/body-0.json ...}.
 */
public final class MessagesBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POOL = 200;

    /** Identifier makers, each for one type, drawing from a pool of {@link #POOL} values. */
    private static final List<Function<Integer, String>> KINDS = List.of(
        n -> String.format(Locale.ROOT, "instance i-%017x", 0x0a00000000000000L + n * 7919L),
        n -> String.format(Locale.ROOT, "in vpc-%017x", 0x0b00000000000000L + n * 104729L),
        n -> String.format(Locale.ROOT, "subnet-%017x", 0x0c00000000000000L + n * 1299709L),
        n -> String.format(Locale.ROOT, "security group sg-%08x", 0x1f000000 + n * 31),
        n -> "role arn:aws:iam::" + account(n) + ":role/ops-" + n,
        n -> "queue arn:aws:sqs:us-east-1:" + account(n) + ":orders-" + n,
        n -> "host 10." + (n % 250) + "." + (n / 250 + 1) + ".17",
        n -> "from 203.0." + (113 + n % 3) + "." + (n % 250 + 1),
        n -> "bucket s3://prod-logs-" + n + "/2024/11/app.log",
        n -> "db orders-" + n + ".c9akciq32xyz.us-east-1.rds.amazonaws.com",
        n -> "Account ID: " + account(n),
        n -> String.format(Locale.ROOT, "key AKIA%016d", 1000000000000000L + n * 7L),
        n -> String.format(Locale.ROOT, "volume vol-%017x", 0x0d00000000000000L + n * 15485863L),
        n -> "lambda arn:aws:lambda:eu-west-1:" + account(n) + ":function:resize-" + n);

    private MessagesBodies() {
    }

    private static String account(int n) {
        return Long.toString(100000000000L + n * 7727L);
    }

    /** Body number {@code variant}: about {@code bytes} bytes of JSON with {@code identifiers} identifiers. */
    static String body(int variant, int bytes, int identifiers) {
        Random random = new Random(variant * 31L + 7);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < identifiers; i++) {
            ids.add(KINDS.get(random.nextInt(KINDS.size())).apply(random.nextInt(POOL)));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "claude-sonnet-4-5");
        root.put("max_tokens", 1024);
        root.put("temperature", 0.2);
        root.put("system", "You are an SRE assistant. Answer with concrete steps and name the resources involved.");
        // Four text fields share the identifiers; their padding is set below to reach the size.
        String[] texts = new String[4];
        for (int f = 0; f < texts.length; f++) {
            StringBuilder t = new StringBuilder();
            for (int i = f; i < ids.size(); i += texts.length) {
                t.append("Check ").append(ids.get(i)).append(", it reported errors. ");
            }
            texts[f] = t.toString();
        }
        int padding = Math.max(0, bytes - utf8Length(render(root, texts, "", variant)));
        String pad = Corpus.clean(padding, variant);
        String out = render(root, texts, pad, variant);
        // JSON escaping of the padding (newlines) makes the body slightly longer: trim the padding to fit.
        int over = utf8Length(out) - bytes;
        if (over > 0 && over < pad.length()) {
            out = render(root, texts, pad.substring(0, pad.length() - over), variant);
        }
        return out;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String render(ObjectNode root, String[] texts, String pad, int variant) {
        ObjectNode r = root.deepCopy();
        ArrayNode messages = r.putArray("messages");
        int quarter = pad.length() / 4;
        ObjectNode user = messages.addObject().put("role", "user");
        user.put("content", texts[0] + pad.substring(0, quarter));
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putArray("content").addObject().put("type", "text").put("text", texts[1] + pad.substring(quarter, 2 * quarter));
        ObjectNode tool = messages.addObject().put("role", "user");
        ArrayNode blocks = tool.putArray("content");
        blocks.addObject().put("type", "tool_result").put("tool_use_id", "toolu_" + variant)
                .put("content", texts[2] + pad.substring(2 * quarter, 3 * quarter));
        blocks.addObject().put("type", "text").put("text", texts[3] + pad.substring(3 * quarter));
        try {
            return JSON.writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identifiers the scanner finds in the text fields of a body (the planted ones, nothing else). */
    static int identifiers(String body) throws IOException {
        int n = 0;
        for (var m : JSON.readTree(body).get("messages")) {
            var content = m.get("content");
            if (content.isTextual()) {
                n += AwsIdentifierScanner.create().scan(content.asText()).size();
            } else {
                for (var block : content) {
                    var text = block.has("text") ? block.get("text") : block.get("content");
                    n += AwsIdentifierScanner.create().scan(text.asText()).size();
                }
            }
        }
        return n;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: MessagesBodies DIR [count=64] [bytes=8192] [identifiers=20]");
            System.exit(64);
        }
        Path dir = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 8192;
        int identifiers = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Files.createDirectories(dir);
        long totalBytes = 0;
        long totalIds = 0;
        for (int i = 0; i < count; i++) {
            String body = body(i, bytes, identifiers);
            int found = identifiers(body);
            if (found != identifiers) {
                throw new IllegalStateException("body " + i + " holds " + found + " identifiers, not " + identifiers);
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve("body-" + i + ".json"), b);
            totalBytes += b.length;
            totalIds += found;
        }
        System.out.printf(Locale.ROOT, "bodies: %d Anthropic Messages bodies in %s, %.0f bytes and %.1f identifiers each on average%n",
                count, dir, (double) totalBytes / count, (double) totalIds / count);
    }
}
