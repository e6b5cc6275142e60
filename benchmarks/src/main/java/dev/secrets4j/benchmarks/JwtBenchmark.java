package dev.secrets4j.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.secrets4j.AuditSink;
import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.testing.InMemorySecretProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Measures RS256 signing and verification through secrets4j's {@link JwtSigner} and
 * {@link JwtVerifier} next to nimbus-jose-jwt used directly ({@link RSASSASigner} and
 * {@link RSASSAVerifier} on a {@link SignedJWT}), for RSA 2048 and 4096, with the same key, the
 * same header ({@code alg}, {@code kid}, {@code typ}) and the same claims.
 *
 * <p>Both sides do the same work per operation. Signing: set {@code iat}, {@code exp} and a random
 * {@code jti}, serialise, sign. Verifying: parse, check the signature, then check {@code iss},
 * {@code aud}, {@code exp}, {@code nbf}, {@code iat} and that {@code sub} and {@code role} are
 * present (nimbus with its {@link DefaultJWTClaimsVerifier}). Target: ours within 10% of nimbus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = Backends.QUIET_LOGGING)
public class JwtBenchmark {

    static final String KEY_SECRET = "JWT_PRIVATE_KEY";
    static final String ISSUER = "https://auth.example";
    static final String AUDIENCE = "api";
    /** Long enough that no token made at setup expires during a trial. */
    static final Duration LIFETIME = Duration.ofHours(1);

    /** RSA modulus size of the signing key. */
    @Param({"2048", "4096"})
    public int bits;

    private Secrets secrets;
    private JwtKeyRing ring;
    private JwtSigner signer;
    private JwtVerifier verifier;
    private JwtClaims claims;

    private String kid;
    private RSASSASigner nimbusSigner;
    private RSASSAVerifier nimbusVerifier;
    private DefaultJWTClaimsVerifier<SecurityContext> nimbusClaimsVerifier;

    String ourToken;
    String nimbusToken;

    /** Generates a key of {@link #bits} bits, builds our ring, signer and verifier, and nimbus's signer and verifier on the same key. */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException, JOSEException {
        String pem = JwtKeyRing.generatePrivateKeyPem(bits);
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set(KEY_SECRET, pem);
        secrets = Secrets.builder().provider(memory).require(KEY_SECRET).auditSink(AuditSink.none()).build();
        ring = JwtKeyRing.builder(secrets).privateKey(KEY_SECRET).build();
        signer = JwtSigner.builder(ring).issuer(ISSUER).lifetime(LIFETIME).build();
        verifier = JwtVerifier.builder(ring).issuer(ISSUER).audience(AUDIENCE).requiredClaims("sub", "role").build();
        claims = JwtClaims.builder()
                .subject("user-42")
                .audience(AUDIENCE)
                .claim("role", "admin")
                .claim("permissions", List.of("read", "write"))
                .build();

        kid = ring.primaryKid();
        RSAPrivateCrtKey privateKey = privateKey(pem);
        nimbusSigner = new RSASSASigner(privateKey);
        nimbusVerifier = new RSASSAVerifier(publicKey(privateKey));
        nimbusClaimsVerifier = new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "role", "exp", "iat"));

        ourToken = ourSign();
        nimbusToken = nimbusSign();
    }

    /** Stops the ring following its secret and closes {@link Secrets}. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ring.close();
        secrets.close();
    }

    /** Ours: {@link JwtSigner#sign(JwtClaims)}. */
    @Benchmark
    public String ourSign() {
        return signer.sign(claims);
    }

    /** The peer: the same header and claims, signed by nimbus's {@link RSASSASigner}. */
    @Benchmark
    public String nimbusSign() throws JOSEException {
        Instant now = Instant.now();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", "admin")
                .claim("permissions", List.of("read", "write"))
                .build();
        SignedJWT jwt = new SignedJWT(header, set);
        jwt.sign(nimbusSigner);
        return jwt.serialize();
    }

    /** Ours: {@link JwtVerifier#verify(String)} of a token signed at setup. */
    @Benchmark
    public JwtClaims ourVerify() {
        return verifier.verify(ourToken);
    }

    /** The peer: parse, {@link RSASSAVerifier}, then {@link DefaultJWTClaimsVerifier}, of a token nimbus signed at setup. */
    @Benchmark
    public JWTClaimsSet nimbusVerify() throws ParseException, JOSEException, BadJWTException {
        SignedJWT jwt = SignedJWT.parse(nimbusToken);
        if (!jwt.verify(nimbusVerifier)) {
            throw new IllegalStateException("nimbus rejected the signature of its own token");
        }
        JWTClaimsSet set = jwt.getJWTClaimsSet();
        nimbusClaimsVerifier.verify(set, null);
        return set;
    }

    /** The nimbus verifier, for checks that it accepts our tokens (the smoke test). */
    RSASSAVerifier nimbusVerifier() {
        return nimbusVerifier;
    }

    /** Our verifier, for checks that it accepts nimbus's tokens (the smoke test). */
    JwtVerifier verifier() {
        return verifier;
    }

    private static RSAPrivateCrtKey privateKey(String pkcs8Pem) throws GeneralSecurityException {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static RSAPublicKey publicKey(RSAPrivateCrtKey key) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }
}
