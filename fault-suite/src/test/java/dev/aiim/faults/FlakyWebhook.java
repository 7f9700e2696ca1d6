package dev.aiim.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that misbehaves on demand: it answers 500, or holds each request 30 s before answering, or
 * takes it (200). It counts attempts by mode and, per {@code webhook-id} (the delivery id), the requests it took:
 * a receiver that keeps the id can see whether one delivery reached it twice.
 */
final class FlakyWebhook implements AutoCloseable {

    enum Mode { FAIL, HANG, TAKE }

    private final HttpServer server;
    private volatile Mode mode = Mode.FAIL;
    private final Map<Mode, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();

    FlakyWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void mode(Mode next) {
        mode = next;
    }

    int attempts(Mode during) {
        AtomicInteger n = attempts.get(during);
        return n == null ? 0 : n.get();
    }

    /** delivery id -> how many times a request with it was taken (answered 200) */
    Map<String, Integer> taken() {
        Map<String, Integer> copy = new ConcurrentHashMap<>();
        taken.forEach((id, n) -> copy.put(id, n.get()));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Mode now = mode;
        exchange.getRequestBody().readAllBytes();
        attempts.computeIfAbsent(now, m -> new AtomicInteger()).incrementAndGet();
        int status = 500;
        if (now == Mode.HANG) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the sender gave up long ago: whatever is answered now reaches no one
        } else if (now == Mode.TAKE) {
            status = 200;
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            taken.computeIfAbsent(id == null ? "(no webhook-id)" : id, k -> new AtomicInteger()).incrementAndGet();
        }
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            // the sender closed the connection (a hang it timed out on)
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
