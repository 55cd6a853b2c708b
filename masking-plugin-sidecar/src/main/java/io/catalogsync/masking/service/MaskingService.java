package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.Detection;
import io.catalogsync.masking.detect.IdentifierType;
import io.catalogsync.masking.store.MappingStore;
import io.catalogsync.masking.store.PutOutcome;
import io.catalogsync.masking.store.StoreUnavailableException;
import io.catalogsync.masking.token.TokenFormat;
import io.catalogsync.masking.token.TokenMinter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Masks and unmasks bodies: detection and token minting on the CPU executor, the mappings in the store in one
 * pipelined round trip (more only when a 64-bit token collision forces a re-mint), then the rewrite. A JSON body
 * of any shape is walked whole, keys included ({@link JsonStrings}).
 *
 * <p>Fail secure: a store failure completes the stage with {@link StoreUnavailableException} and no body at
 * all; the input is never modified in place before every mapping is stored. Nothing here logs bodies or
 * originals.
 */
public final class MaskingService {

    /** A 64-bit collision is ~1e-19 likely per pair; eight attempts in a row mean something else is wrong. */
    static final int MAX_ATTEMPTS = 8;
    /** Field names longer than this are not put in front of their value: context words are short. */
    private static final int CONTEXT_FIELD_MAX = 48;
    /** Values longer than this are scanned without their field's name in front (see {@link #detect}). */
    private static final int CONTEXT_VALUE_MAX = 256;

    private final AwsIdentifierScanner scanner;
    private final TokenMinter minter;
    private final MappingStore store;
    private final Duration ttl;
    private final int maxIdentifiers;
    private final Executor cpu;
    private final Map<IdentifierType, Counter> maskedByType = new EnumMap<>(IdentifierType.class);
    private final Map<String, Counter> structuralMasked = new HashMap<>();
    private final Counter collisions;
    private final Counter restored;

    /**
     * @param maxIdentifiers most distinct identifiers one body may hold (distinct tokens, to unmask); over it the
     *                       call fails with {@link TooManyIdentifiersException} before the store is touched
     */
    public MaskingService(AwsIdentifierScanner scanner, TokenMinter minter, MappingStore store, Duration ttl,
            int maxIdentifiers, Executor cpu, MeterRegistry registry) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.minter = Objects.requireNonNull(minter, "minter");
        this.store = Objects.requireNonNull(store, "store");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 second, got " + ttl);
        }
        if (maxIdentifiers < 1) {
            throw new IllegalArgumentException("maxIdentifiers must be at least 1, got " + maxIdentifiers);
        }
        this.maxIdentifiers = maxIdentifiers;
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        for (String field : JsonStrings.STRUCTURAL) {
            structuralMasked.put(field, Counter.builder("kcs.masking.structural.fields")
                    .description("Structural JSON fields (model, role, type, id, ...) whose value held an identifier "
                            + "and was masked: the API may refuse such a request")
                    .tag("field", field)
                    .register(registry));
        }
        for (IdentifierType type : IdentifierType.values()) {
            maskedByType.put(type, Counter.builder("kcs.masking.identifiers")
                    .description("Identifier occurrences replaced by a token, by identifier type")
                    .tag("type", type.label())
                    .register(registry));
        }
        this.collisions = Counter.builder("kcs.masking.token.collisions")
                .description("Tokens already taken by another original, re-minted with the next attempt")
                .register(registry);
        this.restored = Counter.builder("kcs.masking.tokens.restored")
                .description("Token occurrences replaced by their original on unmask")
                .register(registry);
    }

    /** Masked body and the token -> original map of the tokens it contains (in order of first appearance). */
    public record MaskResult(MessageBody body, Map<String, String> tokens) {
        public MaskResult {
            tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        }
    }

    /** Unmasked body, the tokens restored, and the token-shaped strings the store did not know (left as is). */
    public record UnmaskResult(MessageBody body, Map<String, String> restored, Set<String> unknown) {
        public UnmaskResult {
            restored = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(restored));
            unknown = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(unknown));
        }
    }

    /**
     * Masks a body: the whole text, or every string and key of a JSON document of any shape. More than
     * {@code maxIdentifiers} distinct identifiers fail with {@link TooManyIdentifiersException}, nothing stored. The
     * given tree is not modified (the result shares its unchanged subtrees).
     */
    public CompletionStage<MaskResult> mask(MessageBody body) {
        return CompletableFuture.supplyAsync(() -> plan(body), cpu)
                .thenCompose(plan -> storeAll(plan, plan.identifiers.values(), 0).thenApply(v -> plan))
                .thenApplyAsync(Plan::render, cpu);
    }

    /**
     * Replaces every token the store knows by its original: in plain text everywhere, in JSON in every string and
     * key (the model may echo a token anywhere in its answer), walked as for masking. Unknown tokens stay as they
     * are. More than {@code maxIdentifiers} distinct tokens fail with {@link TooManyIdentifiersException}.
     */
    public CompletionStage<UnmaskResult> unmask(MessageBody body) {
        return CompletableFuture.supplyAsync(() -> findTokens(body), cpu)
                .thenCompose(tokens -> store.getAll(tokens).thenApplyAsync(originals ->
                        restore(body, originals, tokens), cpu));
    }

    // ---------------------------------------------------------------- masking

    /** One distinct (type, original) in a request, with the token currently proposed for it. */
    private static final class Identifier {
        final IdentifierType type;
        final String original;
        int attempt;
        String token;

        Identifier(IdentifierType type, String original) {
            this.type = type;
            this.original = original;
        }
    }

    private record Key(IdentifierType type, String original) {
    }

    /** A string of the body holding identifiers: its place in walk order, its text and what was found in it. */
    private record Found(int index, String text, List<Detection> detections) {
    }

    private final class Plan {
        final MessageBody source;
        final List<Found> found = new ArrayList<>();
        final Map<Key, Identifier> identifiers = new LinkedHashMap<>();

        Plan(MessageBody source) {
            this.source = source;
        }

        void add(int index, String text, List<Detection> detections) {
            found.add(new Found(index, text, detections));
            for (Detection d : detections) {
                identifiers.computeIfAbsent(new Key(d.type(), d.value(text)),
                        k -> new Identifier(k.type(), k.original()));
            }
            if (identifiers.size() > maxIdentifiers) {
                throw new TooManyIdentifiersException(maxIdentifiers);
            }
        }

        MaskResult render() {
            Map<String, String> tokens = new LinkedHashMap<>();
            Map<IdentifierType, Integer> counts = new EnumMap<>(IdentifierType.class);
            MessageBody masked;
            if (source instanceof MessageBody.Text text) {
                masked = found.isEmpty() ? text : new MessageBody.Text(masked(found.get(0), tokens, counts));
            } else {
                // The same walk as in plan(), over the same tree, visits the same strings in the same order.
                int[] next = {0, 0}; // {index of the string being visited, position in found}
                masked = new MessageBody.Json(JsonStrings.rewrite(((MessageBody.Json) source).json(),
                        (text, field, isKey) -> {
                            int index = next[0]++;
                            if (next[1] < found.size() && found.get(next[1]).index() == index) {
                                return masked(found.get(next[1]++), tokens, counts);
                            }
                            return text;
                        }));
            }
            counts.forEach((type, n) -> maskedByType.get(type).increment(n));
            return new MaskResult(masked, tokens);
        }

        private String masked(Found f, Map<String, String> tokens, Map<IdentifierType, Integer> counts) {
            String text = f.text();
            StringBuilder out = new StringBuilder(text.length() + f.detections().size() * 24);
            int last = 0;
            for (Detection d : f.detections()) {
                Identifier id = identifiers.get(new Key(d.type(), d.value(text)));
                out.append(text, last, d.start()).append(id.token);
                tokens.putIfAbsent(id.token, id.original);
                counts.merge(d.type(), 1, Integer::sum);
                last = d.end();
            }
            return out.append(text, last, text.length()).toString();
        }
    }

    private Plan plan(MessageBody body) {
        Plan plan = new Plan(body);
        if (body instanceof MessageBody.Text text) {
            List<Detection> detections = scanner.scan(text.text());
            if (!detections.isEmpty()) {
                plan.add(0, text.text(), detections);
            }
        } else {
            // Every string of the body first, then the values recognised in one string masked wherever they recur
            // in any other ("Account ID: 123456789012" in the system prompt, a bare 123456789012 in a tool result).
            List<String> texts = new ArrayList<>();
            List<List<Detection>> found = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            JsonStrings.rewrite(((MessageBody.Json) body).json(), (text, field, isKey) -> {
                texts.add(text);
                found.add(isKey ? scanner.scanOnce(text) : detect(text, field));
                fields.add(isKey ? null : field);
                return text;
            });
            List<List<Detection>> all = scanner.spread(texts, found);
            for (int i = 0; i < texts.size(); i++) {
                List<Detection> detections = all.get(i);
                if (detections.isEmpty()) {
                    continue;
                }
                plan.add(i, texts.get(i), detections);
                Counter structural = fields.get(i) == null ? null : structuralMasked.get(fields.get(i));
                if (structural != null) {
                    structural.increment();
                }
            }
        }
        Map<String, Identifier> byToken = new HashMap<>();
        for (Identifier id : plan.identifiers.values()) {
            mintUnique(id, byToken);
        }
        return plan;
    }

    /**
     * Scans a JSON string with the name of its field in front, as it would read in JSON text ({@code OwnerId:
     * 123456789012}): identifiers that only their context proves (account ids, KMS key ids, secret keys) are found
     * in {@code {"OwnerId": "123456789012"}} as in the same line of CLI output. Only detections inside the string
     * count; in the rare case where one would straddle the name and the string, the string is scanned alone.
     * Long strings (free text, which carries its own context) are scanned alone, without the copy, and so are
     * strings whose field name cannot be a label ({@code role}, {@code text}, {@code content}: see
     * {@link AwsIdentifierScanner#labelMayGiveContext}).
     */
    private List<Detection> detect(String text, String field) {
        if (field == null || field.isEmpty() || field.length() > CONTEXT_FIELD_MAX
                || text.length() > CONTEXT_VALUE_MAX || !scanner.labelMayGiveContext(field)) {
            return scanner.scanOnce(text);
        }
        int offset = field.length() + 2;
        List<Detection> all = scanner.scanOnce(field + ": " + text);
        List<Detection> inText = null;
        for (Detection d : all) {
            if (d.start() >= offset) {
                if (inText == null) {
                    inText = new ArrayList<>(all.size());
                }
                inText.add(new Detection(d.start() - offset, d.end() - offset, d.type()));
            } else if (d.end() > offset) {
                return scanner.scanOnce(text);
            }
        }
        return inText == null ? List.of() : inText;
    }

    /** Mints the identifier's token, stepping the attempt while another identifier of this request holds it. */
    private void mintUnique(Identifier id, Map<String, Identifier> byToken) {
        while (true) {
            if (id.attempt >= MAX_ATTEMPTS) {
                throw collisionFailure();
            }
            id.token = minter.mint(id.type, id.original, id.attempt);
            Identifier holder = byToken.putIfAbsent(id.token, id);
            if (holder == null || holder == id) {
                return;
            }
            collisions.increment();
            id.attempt++;
        }
    }

    private CompletionStage<Void> storeAll(Plan plan, java.util.Collection<Identifier> pending, int round) {
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (round >= MAX_ATTEMPTS) {
            return CompletableFuture.failedFuture(collisionFailure());
        }
        Map<String, String> mappings = new LinkedHashMap<>();
        Map<String, Identifier> byToken = new HashMap<>();
        for (Identifier id : pending) {
            mappings.put(id.token, id.original);
            byToken.put(id.token, id);
        }
        return store.putAll(mappings, ttl).thenCompose((PutOutcome outcome) -> {
            if (outcome.collisions().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            Map<String, Identifier> taken = new HashMap<>();
            for (Identifier id : plan.identifiers.values()) {
                taken.put(id.token, id);
            }
            List<Identifier> again = new ArrayList<>();
            for (String token : outcome.collisions()) {
                Identifier id = byToken.get(token);
                collisions.increment();
                taken.remove(token, id);
                id.attempt++;
                mintUnique(id, taken);
                again.add(id);
            }
            return storeAll(plan, again, round + 1);
        });
    }

    private static StoreUnavailableException collisionFailure() {
        return new StoreUnavailableException(StoreUnavailableException.Kind.COLLISIONS,
                "token collisions not resolved after " + MAX_ATTEMPTS + " attempts", null);
    }

    // ---------------------------------------------------------------- unmasking

    private UnmaskResult restore(MessageBody body, Map<String, String> originals, Set<String> tokens) {
        Map<String, String> used = new LinkedHashMap<>();
        int[] count = {0};
        JsonStrings.Rewriter rewriter = (text, field, isKey) -> {
            List<int[]> ranges = TokenFormat.find(text);
            if (ranges.isEmpty()) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            int last = 0;
            boolean changed = false;
            for (int[] r : ranges) {
                String token = text.substring(r[0], r[1]);
                String original = originals.get(token);
                out.append(text, last, r[0]).append(original != null ? original : token);
                if (original != null) {
                    used.putIfAbsent(token, original);
                    count[0]++;
                    changed = true;
                }
                last = r[1];
            }
            return changed ? out.append(text, last, text.length()).toString() : text;
        };
        MessageBody result = body instanceof MessageBody.Text text
                ? new MessageBody.Text(rewriter.rewrite(text.text(), null, false))
                : new MessageBody.Json(JsonStrings.rewrite(((MessageBody.Json) body).json(), rewriter));
        restored.increment(count[0]);
        Set<String> unknown = new LinkedHashSet<>(tokens);
        unknown.removeAll(originals.keySet());
        return new UnmaskResult(result, used, unknown);
    }

    private Set<String> findTokens(MessageBody body) {
        Set<String> tokens = new LinkedHashSet<>();
        JsonStrings.Rewriter collect = (text, field, isKey) -> {
            for (int[] r : TokenFormat.find(text)) {
                if (tokens.add(text.substring(r[0], r[1])) && tokens.size() > maxIdentifiers) {
                    throw new TooManyIdentifiersException(maxIdentifiers);
                }
            }
            return text;
        };
        if (body instanceof MessageBody.Text text) {
            collect.rewrite(text.text(), null, false);
        } else {
            JsonStrings.rewrite(((MessageBody.Json) body).json(), collect);
        }
        return tokens;
    }
}
