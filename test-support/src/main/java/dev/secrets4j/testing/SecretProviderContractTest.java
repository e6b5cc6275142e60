package dev.secrets4j.testing;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretsException;
import dev.secrets4j.Subscription;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The behaviour every {@link SecretProvider} must have. A provider's test extends this class and
 * supplies a provider holding given secrets; JUnit then runs every contract test against it.
 *
 * <pre>{@code
 * class EnvSecretProviderTest extends SecretProviderContractTest {
 *     @Override
 *     protected SecretProvider createProvider(Map<String, String> secrets) {
 *         return EnvSecretProvider.fromMap(secrets);
 *     }
 *
 *     @Override
 *     protected Set<Capability> expectedCapabilities() {
 *         return EnumSet.of(Capability.READ);
 *     }
 * }
 * }</pre>
 *
 * <p>Every value handed to {@link #createProvider(Map)} is a canary registered with
 * {@link #leaks}, so a value in any log line, exception message or {@code toString()} during a
 * contract test fails it. Subclasses register their own canaries with the same {@link #leaks}.
 *
 * <p>Contract tests are {@code final} except where a provider may legitimately differ:
 * {@link #put_withWriteCapability_newValueIsReadBackAsNewVersion()} (a backend that is only
 * eventually consistent may override it to wait for the new version). {@link #hostileNames()} may
 * be overridden to add provider-specific names, keeping the base ones.
 */
public abstract class SecretProviderContractTest {

    /**
     * Names that try to leave a folder, reach another namespace or break a parser. {@code get} of
     * each must return empty or throw a {@link SecretsException} naming the provider.
     */
    protected static final List<String> HOSTILE_NAMES = List.of(
            "../etc/passwd",
            "..",
            "/etc/passwd",
            "a/../../b",
            "a/b",
            "a\\b",
            "..\\..\\windows\\win.ini",
            "a\u0000b",
            "%2e%2e%2fetc",
            "x".repeat(10_000),
            ".",
            "CON",
            "a\nb",
            "~root",
            "*");

    /** The canary check every contract test runs under; subclasses register their own values with it too. */
    @RegisterExtension
    protected final LeakCheck leaks = LeakCheck.create();

    private final List<SecretProvider> created = Collections.synchronizedList(new ArrayList<>());

    /**
     * A provider that holds exactly these secrets (name to value). Names are simple
     * ({@code [a-z][a-z0-9_]*}); values are printable ASCII without a trailing newline.
     * Called once per contract test; the contract closes it afterwards.
     */
    protected abstract SecretProvider createProvider(Map<String, String> secrets);

    /** The capabilities the provider under test must declare, exactly. */
    protected abstract Set<Capability> expectedCapabilities();

    /** The reference the contract uses for {@code name}: a bare logical name, whose path is {@code name}. */
    protected SecretRef ref(String name) {
        return SecretRef.ofName(name);
    }

    /** The hostile names tried by the contract; override to add names, keeping these. */
    protected List<String> hostileNames() {
        return HOSTILE_NAMES;
    }

    /** Closes every provider the contract created. */
    @AfterEach
    final void closeCreatedProviders() {
        synchronized (created) {
            for (SecretProvider p : created) {
                p.close();
            }
            created.clear();
        }
    }

    @Test
    final void get_whenNamePresent_returnsValueNamedAfterPathFromThisProvider() {
        SecretProvider provider = standardProvider();
        for (Map.Entry<String, String> e : standardSecrets().entrySet()) {
            SecretRef ref = ref(e.getKey());
            Optional<Secret> found = provider.get(ref);
            assertThat(found).as("get(%s) from %s", ref, provider.id()).isPresent();
            Secret secret = found.orElseThrow();
            assertThat(secret.asString()).as("value of %s", ref).isEqualTo(e.getValue());
            assertThat(secret.asBytes()).as("bytes of %s", ref).isEqualTo(e.getValue().getBytes(StandardCharsets.UTF_8));
            assertThat(secret.providerId()).as("providerId of %s", ref).isEqualTo(provider.id());
            assertThat(secret.name()).as("name of %s", ref).isEqualTo(ref.path());
            assertThat(secret.version()).as("version of %s", ref).isNotBlank();
            leaks.assertNoLeak(secret);
        }
    }

    @Test
    final void get_withSchemeQualifiedRef_returnsTheSameValue() {
        SecretProvider provider = standardProvider();
        SecretRef qualified = SecretRef.parse(provider.id() + ":alpha");
        Secret secret = provider.get(qualified).orElseThrow(() -> new AssertionError("get(" + qualified + ") was empty"));
        assertThat(secret.asString()).isEqualTo(standardSecrets().get("alpha"));
        assertThat(secret.name()).isEqualTo("alpha");
    }

    @Test
    final void get_whenNameAbsent_returnsEmpty() {
        SecretProvider provider = standardProvider();
        assertThat(provider.get(ref("no_such_secret"))).isEmpty();
    }

    @Test
    final void getAll_withPresentAndAbsentNames_answersEveryRef() {
        SecretProvider provider = standardProvider();
        List<SecretRef> refs = List.of(ref("alpha"), ref("missing_one"), ref("beta"), ref("missing_two"));
        Map<SecretRef, Lookup> result = provider.getAll(refs);
        assertThat(result).containsOnlyKeys(refs);
        assertFound(result.get(ref("alpha")), "alpha", provider);
        assertFound(result.get(ref("beta")), "beta", provider);
        assertThat(result.get(ref("missing_one"))).isInstanceOf(Lookup.Absent.class);
        assertThat(result.get(ref("missing_two"))).isInstanceOf(Lookup.Absent.class);
        leaks.assertNoLeak(result);
    }

    @Test
    final void versions_whenNamePresent_startWithCurrentValue() {
        SecretProvider provider = standardProvider();
        Secret current = provider.get(ref("alpha")).orElseThrow();
        List<Secret> versions = provider.versions(ref("alpha"));
        assertThat(versions).isNotEmpty();
        assertThat(versions.get(0).asString()).isEqualTo(standardSecrets().get("alpha"));
        assertThat(versions.get(0).version()).isEqualTo(current.version());
        leaks.assertNoLeak(versions.toArray());
    }

    @Test
    final void versions_whenNameAbsent_areEmpty() {
        SecretProvider provider = standardProvider();
        assertThat(provider.versions(ref("no_such_secret"))).isEmpty();
    }

    @Test
    final void capabilities_containReadAndEqualExpected() {
        SecretProvider provider = standardProvider();
        assertThat(provider.capabilities()).contains(Capability.READ);
        assertThat(provider.capabilities()).containsExactlyInAnyOrderElementsOf(expectedCapabilities());
    }

    @Test
    final void getVersion_withoutVersionsCapability_throwsPermanentProviderException() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).doesNotContain(Capability.VERSIONS);
        assertUnsupported(provider, catchThrowable(() -> provider.get(ref("alpha"), "1")));
    }

    @Test
    final void getVersion_withVersionsCapability_returnsCurrentByItsVersion() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).contains(Capability.VERSIONS);
        Secret current = provider.get(ref("alpha")).orElseThrow();
        Optional<Secret> byVersion = provider.get(ref("alpha"), current.version());
        assertThat(byVersion).isPresent();
        assertThat(byVersion.orElseThrow().asString()).isEqualTo(standardSecrets().get("alpha"));
        assertThat(byVersion.orElseThrow().version()).isEqualTo(current.version());
    }

    @Test
    final void put_withoutWriteCapability_throwsPermanentProviderException() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).doesNotContain(Capability.WRITE);
        byte[] value = leaks.canary("canary-7f3a-contract-put".getBytes(StandardCharsets.UTF_8));
        assertUnsupported(provider, catchThrowable(() -> provider.put(ref("alpha"), value, PutOptions.none())));
    }

    /**
     * With WRITE, a value put is what {@code get} returns next, under a new version. Overridable
     * for a backend that is only eventually consistent (wait for the new version there).
     */
    @Test
    protected void put_withWriteCapability_newValueIsReadBackAsNewVersion() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).contains(Capability.WRITE);
        String before = provider.get(ref("alpha")).orElseThrow().version();
        String value = leaks.canary("canary-7f3a-contract-written");
        Secret written = provider.put(ref("alpha"), value.getBytes(StandardCharsets.UTF_8), PutOptions.none());
        assertThat(written.version()).isNotEqualTo(before);
        Secret read = provider.get(ref("alpha")).orElseThrow();
        assertThat(read.asString()).isEqualTo(value);
        assertThat(read.version()).isEqualTo(written.version());
        leaks.assertNoLeak(written, read, provider);
    }

    @Test
    final void promoteAndRetire_withoutStagesCapability_throwPermanentProviderException() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).doesNotContain(Capability.STAGES);
        assertUnsupported(provider, catchThrowable(() -> provider.promote(ref("alpha"), "1", Optional.empty())));
        assertUnsupported(provider, catchThrowable(() -> provider.retire(ref("alpha"), "1")));
    }

    /**
     * With STAGES: a pending write is readable by version but not current; promoting it makes it
     * current and keeps the replaced one as a previous version until it is retired.
     */
    @Test
    final void stages_pendingThenPromotedThenPreviousRetired() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).contains(Capability.STAGES);
        Secret before = provider.get(ref("alpha")).orElseThrow();
        String value = leaks.canary("canary-7f3a-contract-pending");

        Secret pending = provider.put(ref("alpha"), value.getBytes(StandardCharsets.UTF_8), PutOptions.pending());

        assertThat(provider.get(ref("alpha")).orElseThrow().version()).isEqualTo(before.version());
        assertThat(provider.get(ref("alpha"), pending.version()).orElseThrow().asString()).isEqualTo(value);
        assertThat(provider.versions(ref("alpha"))).extracting(Secret::version).doesNotContain(pending.version());
        assertThat(provider.pendingVersions(ref("alpha"))).extracting(Secret::version).containsExactly(pending.version());

        Secret promoted = provider.promote(ref("alpha"), pending.version(), Optional.of(before.version()));

        assertThat(promoted.version()).isEqualTo(pending.version());
        assertThat(provider.get(ref("alpha")).orElseThrow().asString()).isEqualTo(value);
        assertThat(provider.versions(ref("alpha"))).extracting(Secret::version)
                .containsExactly(pending.version(), before.version());
        assertThat(provider.pendingVersions(ref("alpha"))).isEmpty();

        provider.retire(ref("alpha"), before.version());
        provider.retire(ref("alpha"), before.version());

        assertThat(provider.versions(ref("alpha"))).extracting(Secret::version).containsExactly(pending.version());
        leaks.assertNoLeak(pending, promoted, provider);
    }

    /** With STAGES: promotion is a compare-and-set on the current version, and the current one cannot be retired. */
    @Test
    final void stages_promoteWithStaleExpectedCurrent_andRetireOfCurrent_failNotRetryable() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).contains(Capability.STAGES);
        Secret before = provider.get(ref("alpha")).orElseThrow();
        Secret pending = provider.put(ref("alpha"), leaks.canary("canary-7f3a-contract-stale".getBytes(StandardCharsets.UTF_8)),
                PutOptions.pending());

        Throwable stale = catchThrowable(() -> provider.promote(ref("alpha"), pending.version(), Optional.of("no-such-version")));
        Throwable current = catchThrowable(() -> provider.retire(ref("alpha"), before.version()));

        for (Throwable t : List.of(stale, current)) {
            assertThat(t).isInstanceOfSatisfying(SecretProviderException.class, e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("alpha");
            });
            leaks.assertNoLeak(t);
        }
        assertThat(provider.get(ref("alpha")).orElseThrow().version()).isEqualTo(before.version());
    }

    @Test
    final void watch_withoutWatchCapability_throwsPermanentProviderException() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).doesNotContain(Capability.WATCH);
        assertUnsupported(provider, catchThrowable(() -> provider.watch(ref("alpha"), r -> { })));
    }

    @Test
    final void watch_withWatchCapability_returnsSubscriptionCancellableTwice() {
        SecretProvider provider = standardProvider();
        assumeThat(provider.capabilities()).contains(Capability.WATCH);
        Subscription subscription = provider.watch(ref("alpha"), r -> { });
        assertThat(subscription).isNotNull();
        assertThatCode(() -> {
            subscription.cancel();
            subscription.cancel();
        }).doesNotThrowAnyException();
    }

    @Test
    final void get_withHostileName_returnsEmptyOrThrowsSecretsExceptionNamingProvider() {
        SecretProvider provider = standardProvider();
        List<String> problems = new ArrayList<>();
        for (String name : hostileNames()) {
            String shown = printable(name);
            try {
                Optional<Secret> found = provider.get(ref(name));
                if (found.isPresent()) {
                    leaks.assertNoLeak(found.get());
                    problems.add("get('" + shown + "') returned a value (" + found.get() + "); it must return empty or throw");
                }
            } catch (SecretsException e) {
                leaks.assertNoLeak(e);
                if (e.getMessage() == null || !e.getMessage().contains(provider.id())) {
                    problems.add("get('" + shown + "') threw " + e.getClass().getSimpleName()
                            + " whose message does not name provider '" + provider.id() + "': " + printable(String.valueOf(e.getMessage())));
                }
            } catch (RuntimeException e) {
                leaks.assertNoLeak(e);
                problems.add("get('" + shown + "') threw " + e.getClass().getName()
                        + "; it must return empty or throw a dev.secrets4j.SecretsException: " + printable(String.valueOf(e.getMessage())));
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " hostile names were mishandled by " + provider.id() + ":\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    final void toStringAndDescriptions_neverShowAValue() {
        SecretProvider provider = standardProvider();
        List<Object> seen = new ArrayList<>();
        seen.add(provider);
        seen.add(provider.describe());
        seen.add(provider.describeLookup(ref("alpha")));
        seen.add(provider.describeLookup(ref("no_such_secret")));
        seen.add(provider.health());
        for (String name : standardSecrets().keySet()) {
            provider.get(ref(name)).ifPresent(seen::add);
            seen.addAll(provider.versions(ref(name)));
        }
        seen.add(provider.getAll(List.of(ref("alpha"), ref("beta"))));
        leaks.assertNoLeak(seen.toArray());
        assertThat(provider.describe()).isNotBlank();
    }

    @Test
    final void health_isNotNull() {
        SecretProvider provider = standardProvider();
        assertThat(provider.health()).isNotNull();
        assertThat(provider.health().detail()).isNotNull();
    }

    @Test
    final void close_calledTwice_doesNotThrow() {
        SecretProvider provider = standardProvider();
        assertThatCode(() -> {
            provider.close();
            provider.close();
        }).doesNotThrowAnyException();
    }

    /** The secrets every contract test gives {@link #createProvider(Map)}: each value a registered canary. */
    private Map<String, String> standardSecrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("alpha", "canary-7f3a-contract-alpha");
        secrets.put("beta", "canary-7f3a-contract-beta-Zq9!");
        secrets.put("db_password", "canary-7f3a-contract-db-password");
        secrets.put("passwd", "canary-7f3a-contract-passwd");
        return Collections.unmodifiableMap(secrets);
    }

    private SecretProvider standardProvider() {
        Map<String, String> secrets = standardSecrets();
        secrets.values().forEach(leaks::canary);
        SecretProvider provider = createProvider(secrets);
        assertThat(provider).as("createProvider(...)").isNotNull();
        created.add(provider);
        return provider;
    }

    private void assertFound(Lookup lookup, String name, SecretProvider provider) {
        assertThat(lookup).as("lookup of %s", name).isInstanceOf(Lookup.Found.class);
        Secret secret = ((Lookup.Found) lookup).secret();
        assertThat(secret.asString()).isEqualTo(standardSecrets().get(name));
        assertThat(secret.name()).isEqualTo(name);
        assertThat(secret.providerId()).isEqualTo(provider.id());
    }

    private void assertUnsupported(SecretProvider provider, Throwable thrown) {
        assertThat(thrown).isInstanceOf(SecretProviderException.class);
        SecretProviderException e = (SecretProviderException) thrown;
        assertThat(e.isRetryable()).as("isRetryable() of an unsupported operation").isFalse();
        assertThat(e.getMessage()).contains(provider.id());
        leaks.assertNoLeak(e);
    }

    private static String printable(String s) {
        String shown = s.length() > 60 ? s.substring(0, 40) + "...(" + s.length() + " chars)" : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
