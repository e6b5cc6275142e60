package dev.secrets4j.provider.file.rotation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.provider.file.FileSecretProvider;
import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A database password rotated end to end, DUAL, against H2 in TCP server mode while a HikariCP
 * pool serves queries from four threads the whole time. The database has one user per credential
 * slot ({@code APP_A}, {@code APP_B}); the hook sets the new password on the slot's user through an
 * admin connection and, at the end of the grace period, locks the previous slot's user with a
 * random password; the application moves its pool to the slot's user when the secret changes.
 * Not one query may fail, the previous credential must work through the grace period and be
 * refused by H2 after it, and no value may reach a log, although H2 quotes the statement, password
 * included, when one fails.
 */
class DatabasePasswordRotationIT {

    private static final String NAME = "db_password";
    private static final String SLOT = "rotation-slot";
    private static final String MASTER = "canary-dbrot-master-secret-2c8e";
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration EVERY = Duration.ofDays(1);
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final int THREADS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path folder;

    private final FakeTime time = FakeTime.startingAt(START);
    private final String adminPassword = leaks.canary("canary-dbrot-admin-password-1f0b");
    private final String initial = leaks.canary("canary-dbrot-initial-password-a-0001");
    private final AtomicInteger made = new AtomicInteger();
    private final List<SecretChange> changes = new CopyOnWriteArrayList<>();
    private final Map<String, Level> savedLevels = new ConcurrentHashMap<>();

    private Connection keepAlive;
    private Server server;
    private String url;
    private Secrets secrets;
    private HikariDataSource pool;
    private Load load;

    @BeforeEach
    void start() throws SQLException {
        leaks.canary(MASTER);
        // Every line of the pool reaches the leak check, debug included (the console stays at INFO).
        logAt("com.zaxxer.hikari", Level.DEBUG);
        // The database lives in this JVM; clients reach it only through the TCP server, as over a network.
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:rotation_it;DB_CLOSE_DELAY=-1", "DBA", adminPassword);
        server = Server.createTcpServer("-tcpPort", "0").start();
        url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:rotation_it";
        try (Connection admin = admin(); PreparedStatement create = admin.prepareStatement("CREATE USER APP_A PASSWORD ?")) {
            create.setString(1, initial);
            create.execute();
        }
        try (FileSecretProvider setup = store()) {
            setup.put(SecretRef.ofName(NAME), initial.getBytes(StandardCharsets.UTF_8), PutOptions.none().with(SLOT, "a"));
        }
        SecretGenerator passwords = SecretGenerator.of("canary", random -> leaks.canary("canary-dbrot-password-"
                + made.incrementAndGet() + "-" + HexFormat.of().formatHex(bytes(random, 8))).getBytes(StandardCharsets.UTF_8));
        secrets = Secrets.builder().provider(store()).clock(time.clock()).scheduler(time).listenerExecutor(Runnable::run)
                .generator(passwords).rotationChecks(false)
                .rotate(NAME, RotationPolicy.every(EVERY).type("canary").strategy(RotationStrategy.DUAL).grace(GRACE),
                        new SlotUsers())
                .build();

        Secret current = secrets.get(NAME);
        HikariConfig config = new HikariConfig();
        config.setPoolName("rotation-it");
        config.setJdbcUrl(url);
        config.setUsername(user(current.metadata(SLOT).orElseThrow()));
        config.setPassword(current.asString());
        config.setMaximumPoolSize(THREADS);
        config.setConnectionTimeout(30_000);
        pool = new HikariDataSource(config);
        secrets.onChange(NAME, this::switchPool);
        load = new Load(pool);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (load != null) {
                load.stop();
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
            if (secrets != null) {
                secrets.close();
            }
            if (server != null) {
                server.stop();
            }
            if (keepAlive != null) {
                keepAlive.close();
            }
            savedLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        }
    }

    /**
     * The application's side: move the pool to the new slot's user and password. {@code setCredentials}
     * changes both at once, so no connection is ever opened with one slot's user and the other's
     * password; connections in use are closed when returned.
     */
    private void switchPool(SecretChange change) {
        changes.add(change);
        Secret s = change.current();
        pool.getHikariConfigMXBean().setCredentials(Credentials.of(user(s.metadata(SLOT).orElse("a")), s.asString()));
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    @Test
    void dualRotation_underConstantLoad_failsNoQuery_andTheOldPasswordIsRefusedAfterTheGrace() throws Exception {
        load.awaitServedBy("APP_A", 50);

        // First attempt: nobody created the second slot's user. H2's error quotes the statement with
        // the new password; the rotation fails, rolls back, and the password reaches no log or record.
        time.advance(EVERY);
        secrets.rotateDue();

        RotationStatus failed = secrets.rotationStatus(NAME);
        assertThat(failed.state()).contains(RotationState.FAILED);
        assertThat(failed.lastError().orElseThrow()).contains("User \"APP_B\" not found", "SET PASSWORD '****'");
        assertThat(secrets.get(NAME).asString()).isEqualTo(initial);
        assertThat(changes).isEmpty();
        load.awaitServedBy("APP_A", 50);

        // The operator creates it; the retry sets its password, verifies it and promotes it.
        createUser("APP_B");
        time.advance(Duration.ofMinutes(2));
        secrets.rotateDue();

        assertThat(secrets.rotationStatus(NAME).state()).contains(RotationState.PROMOTED);
        Secret first = secrets.get(NAME);
        assertThat(first.metadata(SLOT)).contains("b");
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.current().asString()).isEqualTo(first.asString()));
        load.awaitServedBy("APP_B", 50);
        assertLogsIn("APP_B", first.asString());
        assertLogsIn("APP_A", initial); // the grace period: clients still holding it keep working

        time.advance(GRACE.plusMinutes(1));
        secrets.rotateDue();

        assertThat(secrets.rotationStatus(NAME).state()).contains(RotationState.FINISHED);
        assertThat(secrets.versions(NAME)).extracting(Secret::asString).containsExactly(first.asString());
        assertRefused("APP_A", initial);
        long servedByA = load.servedBy("APP_A");
        load.awaitServedBy("APP_B", 50);
        assertThat(load.servedBy("APP_A")).as("queries served by APP_A after its password was reset").isEqualTo(servedByA);
        assertLogsIn("APP_B", first.asString());

        // The next rotation goes back to slot a.
        time.advance(EVERY);
        secrets.rotateDue();

        Secret second = secrets.get(NAME);
        assertThat(second.metadata(SLOT)).contains("a");
        assertThat(changes).hasSize(2);
        load.awaitServedBy("APP_A", 50);
        assertLogsIn("APP_B", first.asString());
        time.advance(GRACE.plusMinutes(1));
        secrets.rotateDue();

        assertThat(secrets.rotationStatus(NAME).state()).contains(RotationState.FINISHED);
        assertRefused("APP_B", first.asString());
        assertLogsIn("APP_A", second.asString());
        long servedByB = load.servedBy("APP_B");
        load.awaitServedBy("APP_A", 50);
        assertThat(load.servedBy("APP_B")).isEqualTo(servedByB);

        load.stop();
        assertThat(load.failures()).as("queries that failed while the password rotated").isEmpty();
        assertThat(load.served()).isGreaterThanOrEqualTo(300);
        leaks.assertNoLeak(secrets, secrets.rotationStatus(NAME), changes, pool, secrets.rotationPlan());
    }

    /** The hook: a database user per slot, set through an admin connection. */
    private final class SlotUsers implements RotationHook {

        @Override
        public void create(RotationContext r) throws SQLException {
            // Built as text, as RotationHook's Javadoc shows: when H2 refuses it, its message quotes the
            // statement, password included, and the engine must blank it before anything logs it.
            try (Connection admin = admin(); Statement s = admin.createStatement()) {
                s.execute("ALTER USER " + user(r.slot().orElseThrow()) + " SET PASSWORD '" + r.next().asString() + "'");
            }
        }

        @Override
        public void verify(RotationContext r) throws SQLException {
            String user = user(r.slot().orElseThrow());
            try (Connection c = DriverManager.getConnection(url, user, r.next().asString());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
                if (!rs.next() || !user.equals(rs.getString(1))) {
                    throw new SQLException("logged in as someone other than " + user);
                }
            }
        }

        @Override
        public void retire(RotationContext r) throws SQLException {
            String newSlot = r.slot().orElseThrow();
            String previousSlot = r.previous().flatMap(p -> p.metadata(SLOT)).orElse(newSlot.equals("a") ? "b" : "a");
            lock(user(previousSlot));
        }

        @Override
        public void rollback(RotationContext r) throws SQLException {
            lock(user(r.slot().orElseThrow())); // the refused new password must not work either
        }
    }

    /** Sets {@code user}'s password to a random one nobody keeps. */
    private void lock(String user) throws SQLException {
        try (Connection admin = admin(); PreparedStatement p = admin.prepareStatement("ALTER USER " + user + " SET PASSWORD ?")) {
            p.setString(1, leaks.canary("canary-dbrot-locked-" + HexFormat.of().formatHex(bytes(RANDOM, 16))));
            p.execute();
        }
    }

    private void createUser(String user) throws SQLException {
        try (Connection admin = admin(); PreparedStatement p = admin.prepareStatement("CREATE USER " + user + " PASSWORD ?")) {
            p.setString(1, leaks.canary("canary-dbrot-created-" + HexFormat.of().formatHex(bytes(RANDOM, 16))));
            p.execute();
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(url, "DBA", adminPassword);
    }

    private void assertLogsIn(String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(user);
        }
    }

    private void assertRefused(String user, String password) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, user, password).close());
        assertThat((Throwable) e).as("logging in as %s with its retired password", user).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("28000"); // invalid authorization
        leaks.assertNoLeak(e);
    }

    private FileSecretProvider store() {
        return FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id())
                .clock(time.clock()).build();
    }

    private static String user(String slot) {
        return "APP_" + slot.toUpperCase(Locale.ROOT);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void logAt(String logger, Level level) {
        Logger l = (Logger) LoggerFactory.getLogger(logger);
        savedLevels.putIfAbsent(logger, l.getLevel() == null ? l.getEffectiveLevel() : l.getLevel());
        l.setLevel(level);
    }

    /**
     * Four threads borrowing a connection from the pool and querying in a loop until stopped,
     * counting which database user served each query and every failure (by type and SQL state:
     * a message could quote a statement).
     */
    private static final class Load {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong served = new AtomicLong();
        private final Map<String, AtomicLong> byUser = new ConcurrentHashMap<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        private final List<Future<?>> loops = new CopyOnWriteArrayList<>();

        Load(HikariDataSource pool) {
            for (int i = 0; i < THREADS; i++) {
                loops.add(threads.submit(() -> {
                    while (running.get()) {
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
                            rs.next();
                            byUser.computeIfAbsent(rs.getString(1), u -> new AtomicLong()).incrementAndGet();
                            served.incrementAndGet();
                        } catch (SQLException | RuntimeException e) {
                            failures.add(e.getClass().getSimpleName() + (e instanceof SQLException q ? " " + q.getSQLState() : ""));
                        }
                    }
                }));
            }
        }

        long served() {
            return served.get();
        }

        long servedBy(String user) {
            AtomicLong n = byUser.get(user);
            return n == null ? 0 : n.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        /** Waits until {@code user} served {@code more} queries beyond those it served so far. */
        void awaitServedBy(String user, int more) {
            long target = servedBy(user) + more;
            await().atMost(Duration.ofSeconds(30)).until(() -> servedBy(user) >= target || !failures.isEmpty());
            assertThat(failures).as("queries failed").isEmpty();
        }

        void stop() throws Exception {
            if (running.getAndSet(false)) {
                for (Future<?> loop : loops) {
                    loop.get(60, TimeUnit.SECONDS);
                }
                threads.shutdown();
            }
        }
    }
}
