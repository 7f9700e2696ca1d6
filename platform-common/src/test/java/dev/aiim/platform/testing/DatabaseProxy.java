package dev.aiim.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * A {@link PostgresProxy} as a Quarkus test resource, so that a test can take the database away from the service
 * under test and give it back. Registered as a global test resource, it points the service's reactive datasource
 * (never Flyway's JDBC one) at the proxy: init argument {@code database} names the test database. Tests reach it
 * through {@link #outage()}, {@link #restore()} and {@link #refusedConnections()}; a test resource may be loaded by
 * another class loader than the test, so the proxy publishes its controls as a platform MBean (system properties
 * would not do: other libraries expect every value there to be a string).
 */
public class DatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private static final ObjectName CONTROL = controlName();

    /** What a test may do with the proxy, as the platform MBean server exposes it. */
    public interface Control {
        void outage();

        void restore();

        int getRefusedConnections();
    }

    private PostgresProxy proxy;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        proxy = PostgresProxy.start();
        PostgresProxy running = proxy;
        Control control = new Control() {
            @Override
            public void outage() {
                running.outage();
            }

            @Override
            public void restore() {
                running.restore();
            }

            @Override
            public int getRefusedConnections() {
                return running.refusedConnections();
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
        return Map.of("quarkus.datasource.reactive.url", "postgresql://" + proxy.address() + "/" + database);
    }

    @Override
    public void stop() {
        proxy.close();
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
}
