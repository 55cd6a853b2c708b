package io.catalogsync.masking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port p below 55535 whose cluster bus port p + 10000 is free too. */
    public static int freeWithClusterBus() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = free();
            if (p < 55535 && isFree(p + 10000)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair (p, p + 10000) found");
    }

    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
