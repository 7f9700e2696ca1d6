package dev.aiim.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A TCP proxy between a service under test and PostgreSQL, so that a test can take the database away and give it
 * back without touching the server the running platform shares. {@link #outage()} cuts every open connection and
 * answers each new one as a restarting server does ({@code FATAL 57P03 the database system is starting up});
 * {@link #restore()} forwards again. Registered as a global test resource, it points the service's reactive
 * datasource (never Flyway's JDBC one) at itself: init argument {@code database} names the test database.
 * Tests reach it through {@link #outage()}, {@link #restore()} and {@link #refusedConnections()}; a test resource
 * may be loaded by another class loader than the test, so the proxy publishes its controls as a platform MBean
 * (system properties would not do: other libraries expect every value there to be a string).
 */
public class DatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private static final String TARGET_HOST = "127.0.0.1";
    private static final int TARGET_PORT = 5432;
    private static final ObjectName CONTROL = controlName();

    /** What a test may do with the proxy, as the platform MBean server exposes it. */
    public interface Control {
        void outage();

        void restore();

        int getRefusedConnections();
    }

    private volatile boolean down;
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private ServerSocket server;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("The database proxy cannot listen", e);
        }
        Thread acceptor = new Thread(this::accept, "database-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        Control control = new Control() {
            @Override
            public void outage() {
                refused.set(0);
                down = true;
                cutAll();
            }

            @Override
            public void restore() {
                down = false;
            }

            @Override
            public int getRefusedConnections() {
                return refused.get();
            }
        };
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(CONTROL)) {
                server.unregisterMBean(CONTROL);
            }
            server.registerMBean(new StandardMBean(control, Control.class), CONTROL);
        } catch (JMException e) {
            throw new IllegalStateException("The database proxy cannot publish its controls", e);
        }
        return Map.of("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + server.getLocalPort() + "/" + database);
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(CONTROL);
        } catch (JMException ignored) {
            // not registered any more
        }
    }

    /** The database goes away: open connections break, new ones hear that it is starting up. */
    public static void outage() {
        invoke("outage");
    }

    /** The database is back. */
    public static void restore() {
        invoke("restore");
    }

    /** How many connections were turned away since the outage began. */
    public static int refusedConnections() {
        try {
            return (Integer) ManagementFactory.getPlatformMBeanServer().getAttribute(CONTROL, "RefusedConnections");
        } catch (JMException e) {
            throw new IllegalStateException("No database proxy runs: register DatabaseProxy as a test resource", e);
        }
    }

    private static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(CONTROL, operation, null, null);
        } catch (JMException e) {
            throw new IllegalStateException("No database proxy runs: register DatabaseProxy as a test resource", e);
        }
    }

    private static ObjectName controlName() {
        try {
            return new ObjectName("dev.aiim.test:type=DatabaseProxy");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
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
