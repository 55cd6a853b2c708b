package io.catalogsync.masking.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Mapping store on one Redis node ({@code redis://} or {@code rediss://}), e.g. ElastiCache cluster mode off. */
final class StandaloneRedisStore extends PipelinedRedisStore {

    private final RedisStoreOptions options;
    private final ClientResources resources;
    private final RedisClient client;

    StandaloneRedisStore(RedisStoreOptions options) {
        super(options.keyPrefix());
        if (options.mode() != RedisStoreOptions.Mode.STANDALONE) {
            throw new IllegalArgumentException("standalone store needs a standalone URL, got " + options.mode());
        }
        this.options = options;
        this.resources = LettuceSettings.resources(options);
        this.client = RedisClient.create(resources, LettuceSettings.uri(options, options.endpoints().get(0)));
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(true)
                // Fail secure and fast: while disconnected, commands fail at once instead of queueing until
                // their timeout, so the sidecar answers 503 immediately.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(LettuceSettings.socketOptions(options))
                .timeoutOptions(LettuceSettings.timeoutOptions(options));
        if (options.tls()) {
            b.sslOptions(LettuceSettings.sslOptions(options));
        }
        client.setOptions(b.build());
    }

    @Override
    CompletionStage<Pipeline> connect() {
        return client.connectAsync(StringCodec.UTF8, LettuceSettings.uri(options, options.endpoints().get(0)))
                .thenApply(c -> new Pipeline(c, c.async()));
    }

    @Override
    CompletionStage<Void> shutdownClient() {
        return client.shutdownAsync(0, 2, TimeUnit.SECONDS)
                .thenCompose(v -> toVoid(resources.shutdown(0, 2, TimeUnit.SECONDS)));
    }

    static CompletionStage<Void> toVoid(io.netty.util.concurrent.Future<?> f) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        f.addListener(ignored -> done.complete(null));
        return done;
    }

    @Override
    public String describe() {
        return "redis standalone " + options.endpoints().get(0) + (options.tls() ? " (TLS " + options.tlsVerify()
                + ")" : "") + ", key prefix " + options.keyPrefix();
    }
}
