package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that delays every chunk by a fixed one-way latency in both directions, keeping order.
 * A client that waits for each reply before sending the next command needs one round trip (2 x latency) per
 * command through it; a pipelined batch needs about one in total, which is what the store tests measure.
 */
public final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final long latencyMillis;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ScheduledExecutorService> schedulers = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public LatencyProxy(int targetPort, long latencyMillis) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.targetPort = targetPort;
        this.latencyMillis = latencyMillis;
        this.acceptor = new Thread(this::acceptLoop, "latency-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket();
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 2000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latency-proxy-delay");
            t.setDaemon(true);
            return t;
        });
        schedulers.add(delayer);
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    byte[] chunk = Arrays.copyOf(buf, n);
                    delayer.schedule(() -> {
                        try {
                            out.write(chunk);
                            out.flush();
                        } catch (IOException ignored) {
                            closeQuietly(to);
                        }
                    }, latencyMillis, TimeUnit.MILLISECONDS);
                }
            } catch (IOException ignored) {
                // connection closed
            }
            delayer.schedule(() -> closeQuietly(to), latencyMillis, TimeUnit.MILLISECONDS);
        }, "latency-proxy-read");
        reader.setDaemon(true);
        reader.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(LatencyProxy::closeQuietly);
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }
}
