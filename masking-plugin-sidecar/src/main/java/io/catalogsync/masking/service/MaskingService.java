package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
 * pipelined round trip (more only when a 64-bit token collision forces a re-mint), then the rewrite.
 *
 * <p>Fail secure: a store failure completes the stage with {@link StoreUnavailableException} and no body at
 * all; the input is never modified in place before every mapping is stored. Nothing here logs bodies or
 * originals.
 */
public final class MaskingService {

    /** A 64-bit collision is ~1e-19 likely per pair; eight attempts in a row mean something else is wrong. */
    static final int MAX_ATTEMPTS = 8;

    private final AwsIdentifierScanner scanner;
    private final TokenMinter minter;
    private final MappingStore store;
    private final Duration ttl;
    private final Executor cpu;
    private final Map<IdentifierType, Counter> maskedByType = new EnumMap<>(IdentifierType.class);
    private final Counter collisions;
    private final Counter restored;

    public MaskingService(AwsIdentifierScanner scanner, TokenMinter minter, MappingStore store, Duration ttl,
            Executor cpu, MeterRegistry registry) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.minter = Objects.requireNonNull(minter, "minter");
        this.store = Objects.requireNonNull(store, "store");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 second, got " + ttl);
        }
        this.cpu = Objects.requireNonNull(cpu, "cpu");
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
     * Masks a body. For JSON the tree must be an Anthropic Messages request (see {@link AnthropicTextFields});
     * a bad shape fails with {@link InvalidBodyException}. The given tree is not modified.
     */
    public CompletionStage<MaskResult> mask(MessageBody body) {
        return CompletableFuture.supplyAsync(() -> plan(body), cpu)
                .thenCompose(plan -> storeAll(plan, plan.identifiers.values(), 0).thenApply(v -> plan))
                .thenApplyAsync(Plan::render, cpu);
    }

    /**
     * Replaces every token the store knows by its original: in plain text everywhere, in JSON in every string
     * value (the model may echo a token anywhere in its answer). Unknown tokens stay as they are.
     */
    public CompletionStage<UnmaskResult> unmask(MessageBody body) {
        return CompletableFuture.supplyAsync(() -> findTokens(body), cpu)
                .thenCompose(found -> store.getAll(found.tokens).thenApplyAsync(originals ->
                        found.render(originals), cpu));
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

    private record SlotDetections(TextSlot slot, String text, List<Detection> detections) {
    }

    private final class Plan {
        final MessageBody source;
        final JsonNode copy;
        final List<SlotDetections> slots = new ArrayList<>();
        final Map<Key, Identifier> identifiers = new LinkedHashMap<>();

        Plan(MessageBody source, JsonNode copy) {
            this.source = source;
            this.copy = copy;
        }

        MaskResult render() {
            Map<String, String> tokens = new LinkedHashMap<>();
            Map<IdentifierType, Integer> counts = new EnumMap<>(IdentifierType.class);
            for (SlotDetections sd : slots) {
                StringBuilder out = new StringBuilder(sd.text.length() + sd.detections.size() * 24);
                int last = 0;
                for (Detection d : sd.detections) {
                    Identifier id = identifiers.get(new Key(d.type(), d.value(sd.text)));
                    out.append(sd.text, last, d.start()).append(id.token);
                    tokens.putIfAbsent(id.token, id.original);
                    counts.merge(d.type(), 1, Integer::sum);
                    last = d.end();
                }
                out.append(sd.text, last, sd.text.length());
                sd.slot.set(out.toString());
            }
            counts.forEach((type, n) -> maskedByType.get(type).increment(n));
            MessageBody masked = source instanceof MessageBody.Text
                    ? new MessageBody.Text(slots.isEmpty() ? ((MessageBody.Text) source).text()
                            : slots.get(0).slot.get())
                    : new MessageBody.Json(copy);
            return new MaskResult(masked, tokens);
        }
    }

    private Plan plan(MessageBody body) {
        List<TextSlot> slots;
        Plan plan;
        if (body instanceof MessageBody.Text text) {
            plan = new Plan(body, null);
            slots = List.of(new TextSlot.Whole(text.text()));
        } else {
            JsonNode copy = ((MessageBody.Json) body).json().deepCopy();
            plan = new Plan(body, copy);
            slots = AnthropicTextFields.collect(copy);
        }
        for (TextSlot slot : slots) {
            String text = slot.get();
            List<Detection> detections = scanner.scan(text);
            if (detections.isEmpty()) {
                continue;
            }
            plan.slots.add(new SlotDetections(slot, text, detections));
            for (Detection d : detections) {
                plan.identifiers.computeIfAbsent(new Key(d.type(), d.value(text)),
                        k -> new Identifier(k.type(), k.original()));
            }
        }
        // Text bodies keep their single slot even without detections so render() returns the text.
        if (body instanceof MessageBody.Text && plan.slots.isEmpty()) {
            return plan;
        }
        Map<String, Identifier> byToken = new HashMap<>();
        for (Identifier id : plan.identifiers.values()) {
            mintUnique(id, byToken);
        }
        return plan;
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

    private final class Found {
        final MessageBody source;
        final JsonNode copy;
        final List<TextSlot> slots;
        final Set<String> tokens = new LinkedHashSet<>();

        Found(MessageBody source, JsonNode copy, List<TextSlot> slots) {
            this.source = source;
            this.copy = copy;
            this.slots = slots;
        }

        UnmaskResult render(Map<String, String> originals) {
            Map<String, String> used = new LinkedHashMap<>();
            int count = 0;
            for (TextSlot slot : slots) {
                String text = slot.get();
                List<int[]> ranges = TokenFormat.find(text);
                if (ranges.isEmpty()) {
                    continue;
                }
                StringBuilder out = new StringBuilder(text.length());
                int last = 0;
                for (int[] r : ranges) {
                    String token = text.substring(r[0], r[1]);
                    String original = originals.get(token);
                    out.append(text, last, r[0]).append(original != null ? original : token);
                    if (original != null) {
                        used.putIfAbsent(token, original);
                        count++;
                    }
                    last = r[1];
                }
                out.append(text, last, text.length());
                slot.set(out.toString());
            }
            restored.increment(count);
            Set<String> unknown = new LinkedHashSet<>(tokens);
            unknown.removeAll(originals.keySet());
            MessageBody result;
            if (source instanceof MessageBody.Text) {
                result = new MessageBody.Text(slots.get(0).get());
            } else if (copy.isTextual()) {
                result = new MessageBody.Json(TextNode.valueOf(slots.get(0).get()));
            } else {
                result = new MessageBody.Json(copy);
            }
            return new UnmaskResult(result, used, unknown);
        }
    }

    private Found findTokens(MessageBody body) {
        Found found;
        if (body instanceof MessageBody.Text text) {
            found = new Found(body, null, List.of(new TextSlot.Whole(text.text())));
        } else {
            JsonNode copy = ((MessageBody.Json) body).json().deepCopy();
            List<TextSlot> slots = copy.isTextual() ? List.of(new TextSlot.Whole(copy.textValue()))
                    : AnthropicTextFields.everyString(copy);
            found = new Found(body, copy, slots);
        }
        for (TextSlot slot : found.slots) {
            String text = slot.get();
            for (int[] r : TokenFormat.find(text)) {
                found.tokens.add(text.substring(r[0], r[1]));
            }
        }
        return found;
    }
}
