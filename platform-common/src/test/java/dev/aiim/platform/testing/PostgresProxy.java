package dev.aiim.platform.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL on 127.0.0.1:5432, so that a test can take the database away from the
 * services under test and give it back without touching the server that the running platform shares.
 * {@link #outage()} cuts every open connection and answers each new one as a restarting server does
 * ({@code FATAL 57P03 the database system is starting up}); {@link #restore()} forwards again. Plain Java, for
 * component tests (through {@link DatabaseProxy}) and for the fault suite's service processes alike.
 */
public final class PostgresProxy implements AutoCloseable {

    private static final String TARGET_HOST = "127.0.0.1";
    private static final int TARGET_PORT = 5432;

    private final ServerSocket server;
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    private PostgresProxy(ServerSocket server) {
        this.server = server;
    }

    /** A proxy listening on a free port of 127.0.0.1, forwarding. */
    public static PostgresProxy start() {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("The database proxy cannot listen", e);
        }
        PostgresProxy proxy = new PostgresProxy(server);
        Thread acceptor = new Thread(proxy::accept, "database-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** host:port where the services should look for the database. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The database goes away: open connections break, new ones hear that it is starting up. */
    public void outage() {
        refused.set(0);
        down = true;
        cutAll();
    }

    /** The database is back. */
    public void restore() {
        down = false;
    }

    /** How many connections were turned away since the outage began. */
    public int refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    Thread refusal = new Thread(() -> startingUp(client), "database-proxy-refusal");
                    refusal.setDaemon(true);
                    refusal.start();
                } else {
                    forward(client);
                }
            } catch (IOException e) {
                // the server socket closed: the test run is over
            }
        }
    }

    private void forward(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(TARGET_HOST, TARGET_PORT);
        } catch (IOException e) {
            // PostgreSQL itself is away: the client sees its connection closed
            close(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away; the other is closed below
            } finally {
                close(from);
                close(to);
            }
        }, "database-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads the client's startup message and answers as PostgreSQL does while it starts: FATAL 57P03. */
    private void startingUp(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            int length = in.readInt();
            in.readNBytes(length - 4);
            client.getOutputStream().write(errorResponse("57P03", "the database system is starting up"));
            client.getOutputStream().flush();
            refused.incrementAndGet();
        } catch (IOException e) {
            // the client gave up first
        }
    }

    private static byte[] errorResponse(String sqlState, String message) {
        byte[] fields = ("SFATAL\0VFATAL\0C" + sqlState + "\0M" + message + "\0\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + fields.length).put((byte) 'E').putInt(4 + fields.length).put(fields)
                .array();
    }

    private void cutAll() {
        open.forEach(this::close);
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
