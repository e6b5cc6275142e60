package dev.secrets4j.testing.aws;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) by recomputing it with the known secret key
 * (JDK SHA-256 and HmacSHA256). The request time is not compared with the clock: tests run on fake clocks.
 */
final class SigV4 {

    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");

    private final String accessKeyId;
    private final byte[] secretKey;
    private final String region;

    SigV4(String accessKeyId, String secretAccessKey, String region) {
        this.accessKeyId = accessKeyId;
        this.secretKey = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        this.region = region;
    }

    /**
     * Throws the service's error when the request is not signed by the configured credentials.
     *
     * @param headers request headers, names in lower case, values in order
     */
    void check(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher m = AUTH.matcher(authorization.strip());
        if (!m.matches()) {
            throw new AwsError("IncompleteSignatureException",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' for AWS4-HMAC-SHA256.");
        }
        if (!m.group(1).equals(accessKeyId)) {
            throw new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String date = m.group(2);
        String scopeRegion = m.group(3);
        String service = m.group(4);
        if (!scopeRegion.equals(region) || !service.equals("secretsmanager")) {
            throw invalid("Credential should be scoped to a valid region and service: expected " + region
                    + "/secretsmanager, got " + scopeRegion + "/" + service + ".");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null || !amzDate.startsWith(date)) {
            throw new AwsError("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope date.");
        }
        String signedHeaders = m.group(5);
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.get(name);
            if (values == null) {
                throw invalid("A signed header is missing from the request.");
            }
            canonicalHeaders.append(name).append(':')
                    .append(String.join(",", values.stream().map(v -> v.strip().replaceAll("\\s+", " ")).toList()))
                    .append('\n');
        }
        String payloadHash = first(headers, "x-amz-content-sha256");
        if (payloadHash == null) {
            payloadHash = hex(sha256(body));
        }
        String canonicalRequest = method + '\n' + (path.isEmpty() ? "/" : path) + '\n' + canonicalQuery(query) + '\n'
                + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash;
        String scope = date + "/" + scopeRegion + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(secretKey, date);
        key = hmac(key, scopeRegion);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, toSign);
        byte[] given = HexFormat.of().parseHex(m.group(6));
        if (!MessageDigest.isEqual(expected, given)) {
            throw invalid("The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method.");
        }
    }

    private static AwsError invalid(String message) {
        return new AwsError(403, "InvalidSignatureException", message);
    }

    private static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            sorted.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return b.toString();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
