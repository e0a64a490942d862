package io.sagaflow.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Checks whether a service listens before a section that needs it runs. */
final class Services {
    private Services() {
    }

    static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
