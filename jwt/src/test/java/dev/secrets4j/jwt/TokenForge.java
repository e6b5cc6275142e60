package dev.secrets4j.jwt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Makes tokens by hand, with the JDK's own Signature and Mac and JSON written as text, so that
 * tests can craft any header or claims (attacks, odd shapes) without going through the code
 * under test or through nimbus.
 */
public final class TokenForge {

    private TokenForge() {
    }

    /** Base64url without padding of the UTF-8 text. */
    public static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Base64url without padding. */
    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A PKCS#8 PEM private key. */
    public static PrivateKey privateKey(String pkcs8Pem) {
        String body = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"alg":alg,"typ":"JWT","kid":kid}}, without kid when it is null. */
    public static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
    }

    /** Claims with {@code sub}, {@code iat = now} and {@code exp = now + 5 min}. */
    public static String claims(Instant now) {
        return "{\"sub\":\"user-42\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 300) + "}";
    }

    /** An RS256 token over the given header and claims JSON. */
    public static String rs256(PrivateKey key, String headerJson, String claimsJson) {
        return sign("SHA256withRSA", null, key, headerJson, claimsJson);
    }

    /** A PS256 token over the given header and claims JSON. */
    public static String ps256(PrivateKey key, String headerJson, String claimsJson) {
        return sign("RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
                key, headerJson, claimsJson);
    }

    /** An HS256 token MACed with {@code secret}. */
    public static String hs256(byte[] secret, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String algorithm, PSSParameterSpec pss, PrivateKey key, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        try {
            Signature s = Signature.getInstance(algorithm);
            if (pss != null) {
                s.setParameter(pss);
            }
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
