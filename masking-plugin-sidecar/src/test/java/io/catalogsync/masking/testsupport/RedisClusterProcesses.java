package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three real redis-server nodes with cluster mode on (no replicas), formed into one cluster with
 * {@code redis-cli --cluster create}; waits until every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterProcesses implements AutoCloseable {

    private final List<RedisServerProcess> nodes = new ArrayList<>();
    private final Path redisCli;

    private RedisClusterProcesses(Path redisCli) {
        this.redisCli = redisCli;
    }

    /** One cluster node; a port (or its bus port) taken between choosing and binding means another try. */
    private static RedisServerProcess startNode(Path redisServer) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = FreePorts.freeWithClusterBus();
            try {
                return RedisServerProcess.start(redisServer, port, false, List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "2000"));
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    public static RedisClusterProcesses start(Path redisServer, Path redisCli) {
        RedisClusterProcesses cluster = new RedisClusterProcesses(redisCli);
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodes.add(startNode(redisServer));
            }
            List<String> create = new ArrayList<>(List.of(redisCli.toString(), "--cluster", "create"));
            cluster.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("[OK] All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + out);
            }
            cluster.awaitClusterOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<RedisServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2} — deliberately not every node: discovery must work. */
    public String url() {
        return "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port();
    }

    /** Runs redis-cli against one node and returns its output. */
    public String cli(int nodeIndex, String... args) {
        List<String> cmd = new ArrayList<>(List.of(redisCli.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(nodes.get(nodeIndex).port())));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private void awaitClusterOk() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (int i = 0; i < nodes.size(); i++) {
                if (!cli(i, "cluster", "info").contains("cluster_state:ok")) {
                    allOk = false;
                }
            }
            if (allOk) {
                return;
            }
            RedisServerProcess.sleep(100);
        }
        throw new IllegalStateException("cluster did not reach cluster_state:ok within 20 s");
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
