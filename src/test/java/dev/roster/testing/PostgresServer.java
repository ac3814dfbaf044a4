package dev.roster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, from the machine's PostgreSQL binaries: its own cluster in a
 * temporary directory, on 127.0.0.1 and a free port, trust authentication, stopped and deleted at the
 * end. It can be stopped and started again in between, to test what Roster does meanwhile. When the
 * tests run as root, the server runs as the {@code postgres} user, because PostgreSQL refuses root.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    private static PostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;

    private PostgresServer(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
    }

    /** One server for the whole test run, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    /** A server of its own, for tests that stop and start it. */
    public static PostgresServer start() {
        try {
            Path base = Files.createTempDirectory("roster-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (ExternalProcess.isRoot()) {
                UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
                Files.setOwner(base, postgres);
            }
            PostgresServer server = new PostgresServer(binaries(), base, ExternalProcess.freePort());
            ExternalProcess.run(USER, List.of(server.bin.resolve("initdb").toString(), "-D", server.data.toString(),
                    "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
            server.resume();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #halt()}. */
    public void resume() {
        ExternalProcess.run(USER, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                base.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c shared_buffers=32MB -c max_connections=200", "start"));
    }

    /** Stops the server (fast shutdown: connections are cut, nothing committed is lost). */
    public void halt() {
        ExternalProcess.run(USER, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
                "-w", "-t", "60", "stop"));
    }

    /** Stops the server the way a crash would (immediate shutdown: no checkpoint, recovery at the next start). */
    public void crash() {
        ExternalProcess.run(USER, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                "-w", "-t", "60", "stop"));
    }

    /** A new empty database on this server; its JDBC URL (the user is {@value #USER}, no password). */
    public String newDatabase() {
        String name = "roster_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            halt();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        RosterServerExtension.deleteTree(base);
    }

    private static Path binaries() {
        Path onPath = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(onPath)) {
            try (Stream<Path> versions = Files.list(onPath)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                        .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under " + onPath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (apt-get install -y postgresql; .ci/run does it)");
    }
}
