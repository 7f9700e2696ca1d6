
import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs a real PostgreSQL from Maven Central binaries (zonky) on 127.0.0.1, for machines with neither a
 * running server nor Debian's package, and creates the platform's roles and databases. Started by
 * deploy/local/platform as a single-file Java program: java -cp "lib/*" LocalPostgres.java DATA_DIR PORT DB...
 */
public class LocalPostgres {
    public static void main(String[] args) throws Exception {
        File data = new File(args[0]);
        int port = Integer.parseInt(args[1]);
        File work = new File(data.getParentFile(), "embedded-pg-work");
        work.mkdirs();
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(work)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (int i = 2; i < args.length; i++) {
                String name = args[i];
                // the database's owner (runs the migrations) and the service's own role, which owns nothing
                for (String role : new String[] {name, name + "_app"}) {
                    try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
                        if (!rs.next()) {
                            s.execute("create role " + role + " login password '" + role + "'");
                        }
                    }
                }
                for (String db : new String[] {name, name + "_test"}) {
                    try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + db + "'")) {
                        if (!rs.next()) {
                            s.execute("create database " + db + " owner " + name);
                        }
                    }
                }
            }
        }
        System.out.println("Embedded PostgreSQL ready on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }));
        Thread.currentThread().join();
    }
}
