package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.CharArrayReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the PEM objects of a value with Bouncy Castle's {@link PEMParser} and names what it
 * found in words fit for a message ({@code an EC private key}, {@code a certificate}), never
 * quoting the PEM itself.
 */
final class Pem {

    /** More objects than any real key or chain file holds; past it the value is not what we look for. */
    private static final int MAX_OBJECTS = 64;

    private static final Map<ASN1ObjectIdentifier, String> ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            X9ObjectIdentifiers.id_dsa, "DSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448");

    private Pem() {
    }

    /**
     * The PEM objects in the text, in order; empty when it holds none (no {@code -----BEGIN} line).
     * Text outside the BEGIN/END blocks is ignored.
     *
     * @throws MalformedPemException when a block is truncated, has bad base64 or bad DER; the
     *                               parser's own message is dropped since it may quote the value
     */
    static List<Object> read(char[] text) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new CharArrayReader(text))) {
            Object next;
            while (objects.size() < MAX_OBJECTS && (next = parser.readObject()) != null) {
                objects.add(next);
            }
        } catch (Exception e) {
            throw new MalformedPemException();
        }
        return objects;
    }

    /** The private key info of a PKCS#1 / SEC1 key pair or a PKCS#8 key, if the object is one. */
    static Optional<PrivateKeyInfo> privateKeyInfo(Object pem) {
        if (pem instanceof PrivateKeyInfo info) {
            return Optional.of(info);
        }
        if (pem instanceof PEMKeyPair pair) {
            return Optional.ofNullable(pair.getPrivateKeyInfo());
        }
        return Optional.empty();
    }

    /** Whether the object is a password-protected private key. */
    static boolean isEncryptedKey(Object pem) {
        return pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** The algorithm's common name ({@code RSA}, {@code EC}) or {@code unknown-algorithm}. */
    static String algorithm(ASN1ObjectIdentifier oid) {
        return ALGORITHMS.getOrDefault(oid, "unknown-algorithm");
    }

    /** What a PEM object is, with its article: {@code an EC private key}, {@code a certificate}. */
    static String describe(Object pem) {
        if (isEncryptedKey(pem)) {
            return "an encrypted private key";
        }
        Optional<PrivateKeyInfo> key = privateKeyInfo(pem);
        if (key.isPresent()) {
            return article(algorithm(key.get().getPrivateKeyAlgorithm().getAlgorithm())) + " private key";
        }
        if (pem instanceof SubjectPublicKeyInfo info) {
            return article(algorithm(info.getAlgorithm().getAlgorithm())) + " public key";
        }
        if (pem instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (pem instanceof X509CRLHolder) {
            return "a certificate revocation list";
        }
        if (pem instanceof PKCS10CertificationRequest) {
            return "a certificate signing request";
        }
        if (pem instanceof ASN1ObjectIdentifier) {
            return "EC parameters";
        }
        return "another kind of PEM object";
    }

    /** "an RSA", "an EC", "an Ed25519", "a DSA": the article goes by how the name is spoken. */
    private static String article(String name) {
        char first = name.charAt(0);
        boolean vowelSound = "AEFHILMNORSXaeiou".indexOf(first) >= 0;
        return (vowelSound ? "an " : "a ") + name;
    }

    /** A PEM block that is there but cannot be read. */
    /**
     * Runs a PEM check: decodes the value as UTF-8, reads its PEM objects and hands them to
     * {@code judge}; malformed or truncated PEM is the error {@code notWhat} with {@code expected}.
     */
    static List<SecretSpec.Violation> check(Secret secret, String notWhat, String expected,
                                            Function<List<Object>, List<SecretSpec.Violation>> judge) {
        return Values.checkText(secret, chars -> {
            List<Object> objects;
            try {
                objects = read(chars);
            } catch (MalformedPemException e) {
                return List.of(SecretSpec.Violation.error(notWhat + " (malformed or truncated PEM; " + expected + ")"));
            }
            return judge.apply(objects);
        });
    }

    static final class MalformedPemException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedPemException() {
            super("malformed or truncated PEM", null, false, false);
        }
    }
}
