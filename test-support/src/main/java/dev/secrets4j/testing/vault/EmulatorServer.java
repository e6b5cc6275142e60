package dev.secrets4j.testing.vault;

import dev.secrets4j.testing.tls.SelfSignedTls;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP(S) server the emulator runs on: bound to 127.0.0.1 on a free port, requests served on daemon
 * threads named {@code vault-emulator-N} (a cached pool, so hung requests never starve the others).
 */
final class EmulatorServer {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<SelfSignedTls> tls;
    private final URI address;

    private EmulatorServer(HttpServer server, ExecutorService executor, Optional<SelfSignedTls> tls, URI address) {
        this.server = server;
        this.executor = executor;
        this.tls = tls;
        this.address = address;
    }

    static EmulatorServer start(boolean https, HttpHandler handler) {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        Optional<SelfSignedTls> tls = https ? Optional.of(SelfSignedTls.create("Vault")) : Optional.empty();
        HttpServer server;
        try {
            if (tls.isPresent()) {
                HttpsServer s = HttpsServer.create(bind, 0);
                s.setHttpsConfigurator(new HttpsConfigurator(tls.get().sslContext()));
                server = s;
            } else {
                server = HttpServer.create(bind, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("VaultEmulator.start: could not bind 127.0.0.1: " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vault-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        URI address = URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
        return new EmulatorServer(server, executor, tls, address);
    }

    URI address() {
        return address;
    }

    Optional<SelfSignedTls> tls() {
        return tls;
    }

    /** Stops at once: open exchanges are dropped and request threads interrupted. */
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
