package dev.secrets4j.hmac;

import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import dev.secrets4j.hmac.internal.Delivery;
import dev.secrets4j.hmac.internal.HmacKey;
import dev.secrets4j.hmac.internal.Rejection;
import dev.secrets4j.hmac.internal.SignatureFormat;
import dev.secrets4j.hmac.internal.SignatureSource;
import dev.secrets4j.hmac.internal.SignedContent;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a webhook sender lays out its signature: which header, which algorithm and encoding, where
 * the timestamp is, and which bytes are signed. Ready-made: {@link #github()}, {@link #stripe()},
 * {@link #slack()}; anything else through {@link #custom()}.
 *
 * <pre>{@code
 * WebhookScheme acme = WebhookScheme.custom()
 *     .name("acme")
 *     .signatureHeader("X-Acme-Signature").prefix("sha512=").algorithm(HmacAlgorithm.SHA512)
 *     .timestampHeader("X-Acme-Timestamp").signedContent("{t}.{body}")
 *     .build();
 * }</pre>
 *
 * <p>Immutable; {@link #allowLegacySha1()} returns a changed copy. Equal when every setting is.
 */
public final class WebhookScheme {

    /** How signature bytes are written in the header. */
    public enum Encoding {
        /** Hexadecimal; lower case when signing, either case accepted when verifying. */
        HEX {
            @Override
            public String encode(byte[] bytes) {
                return HexFormat.of().formatHex(bytes);
            }

            @Override
            public byte[] decode(String text) {
                return HexFormat.of().parseHex(text);
            }
        },
        /** Standard Base64 (RFC 4648 section 4) with padding. */
        BASE64 {
            @Override
            public String encode(byte[] bytes) {
                return Base64.getEncoder().encodeToString(bytes);
            }

            @Override
            public byte[] decode(String text) {
                return Base64.getDecoder().decode(text);
            }
        };

        /** The text of {@code bytes} in this encoding. */
        public abstract String encode(byte[] bytes);

        /**
         * The bytes of {@code text} in this encoding.
         *
         * @throws IllegalArgumentException when the text is not valid in this encoding
         */
        public abstract byte[] decode(String text);
    }

    private final String name;
    private final SignatureSource primary;
    private final Optional<SignatureSource> legacy;
    private final boolean legacySha1Allowed;
    private final Optional<String> timestampHeader;
    private final SignedContent content;

    private WebhookScheme(String name, SignatureSource primary, Optional<SignatureSource> legacy, boolean legacySha1Allowed,
                          Optional<String> timestampHeader, SignedContent content) {
        this.name = name;
        this.primary = primary;
        this.legacy = legacy;
        this.legacySha1Allowed = legacySha1Allowed;
        this.timestampHeader = timestampHeader;
        this.content = content;
    }

    /**
     * GitHub: {@code X-Hub-Signature-256: sha256=<hex>}, HMAC-SHA256 of the body; no timestamp, so
     * replays are caught by the replay cache alone. A delivery with only the legacy
     * {@code X-Hub-Signature: sha1=<hex>} header is {@link Reason#ALGORITHM_NOT_ALLOWED} unless
     * {@link #allowLegacySha1()}.
     */
    public static WebhookScheme github() {
        return new WebhookScheme("github",
                new SignatureSource("X-Hub-Signature-256", new SignatureFormat.Prefixed("sha256="),
                        HmacAlgorithm.SHA256, Encoding.HEX),
                Optional.of(new SignatureSource("X-Hub-Signature", new SignatureFormat.Prefixed("sha1="),
                        HmacAlgorithm.SHA1, Encoding.HEX)),
                false, Optional.empty(), SignedContent.parse("{body}"));
    }

    /**
     * Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, HMAC-SHA256 of
     * {@code <t>.<body>}. Any matching {@code v1} is enough (Stripe sends two while a secret is
     * rolled); other schemes such as {@code v0} are ignored.
     */
    public static WebhookScheme stripe() {
        return new WebhookScheme("stripe",
                new SignatureSource("Stripe-Signature", new SignatureFormat.KeyValue("t", "v1"),
                        HmacAlgorithm.SHA256, Encoding.HEX),
                Optional.empty(), false, Optional.empty(), SignedContent.parse("{t}.{body}"));
    }

    /**
     * Slack: {@code X-Slack-Signature: v0=<hex>} and {@code X-Slack-Request-Timestamp: <unix
     * seconds>}, HMAC-SHA256 of {@code v0:<timestamp>:<body>}.
     */
    public static WebhookScheme slack() {
        return new WebhookScheme("slack",
                new SignatureSource("X-Slack-Signature", new SignatureFormat.Prefixed("v0="),
                        HmacAlgorithm.SHA256, Encoding.HEX),
                Optional.empty(), false, Optional.of("X-Slack-Request-Timestamp"), SignedContent.parse("v0:{t}:{body}"));
    }

    /** Starts a scheme of your own: signature header, prefix, encoding, algorithm, timestamp header, signed content. */
    public static CustomBuilder custom() {
        return new CustomBuilder();
    }

    /**
     * This scheme, also accepting its SHA-1 form: GitHub's legacy {@code X-Hub-Signature} header
     * when {@code X-Hub-Signature-256} is absent (and, when signing, sending both as GitHub does).
     * Use it only for senders that cannot send SHA-256.
     *
     * @throws IllegalStateException when the scheme has no SHA-1 form
     */
    public WebhookScheme allowLegacySha1() {
        if (legacy.isEmpty() && primary.algorithm() != HmacAlgorithm.SHA1) {
            throw new IllegalStateException("scheme " + name + " has no SHA-1 form, so allowLegacySha1() does not apply to it");
        }
        return new WebhookScheme(name, primary, legacy, true, timestampHeader, content);
    }

    /** The scheme's name, used in messages: {@code github}, {@code stripe}, {@code slack} or a custom name. */
    public String name() {
        return name;
    }

    /** The header that carries the signature. */
    public String signatureHeader() {
        return primary.header();
    }

    /** The algorithm of the signature header. */
    public HmacAlgorithm algorithm() {
        return primary.algorithm();
    }

    /** How the signature header's bytes are written. */
    public Encoding encoding() {
        return primary.encoding();
    }

    /** The header that carries the timestamp when it is a header of its own (Slack), else empty. */
    public Optional<String> timestampHeader() {
        return timestampHeader;
    }

    /** Whether deliveries carry a timestamp (in a header of its own or in the signature header). */
    public boolean hasTimestamp() {
        return timestampHeader.isPresent() || primary.format().carriesTimestamp();
    }

    /** The template of the signed bytes, such as {@code {t}.{body}}. */
    public String signedContent() {
        return content.template();
    }

    /** Whether SHA-1 signatures are accepted (after {@link #allowLegacySha1()}). */
    public boolean legacySha1Allowed() {
        return legacySha1Allowed;
    }

    /**
     * Reads a delivery's signature and timestamp headers.
     *
     * @throws Rejection when a header is missing, malformed or of an algorithm not allowed
     */
    Delivery read(Function<String, Optional<String>> headers) {
        SignatureSource source = primary;
        Optional<String> value = lookup(headers, primary.header());
        if (value.isEmpty() && legacy.isPresent() && lookup(headers, legacy.get().header()).isPresent()) {
            if (!legacySha1Allowed) {
                throw new Rejection(Reason.ALGORITHM_NOT_ALLOWED, "the delivery carries only the legacy SHA-1 header "
                        + legacy.get().header() + " and no " + primary.header()
                        + "; have the sender sign with SHA-256, or accept "
                        + "SHA-1 with WebhookScheme." + name + "().allowLegacySha1()");
            }
            source = legacy.get();
            value = lookup(headers, source.header());
        }
        if (value.isEmpty()) {
            throw new Rejection(Reason.MISSING_HEADER, "header " + primary.header()
                    + " is missing; check that the sender has a secret configured and that proxies pass the header on");
        }
        SignatureSource.Read read = source.read(value.get());
        Optional<String> timestampText = read.timestampText();
        String timestampFrom = source.header();
        if (timestampHeader.isPresent()) {
            timestampFrom = timestampHeader.get();
            String header = timestampFrom;
            timestampText = Optional.of(SignatureSource.nonEmpty(header, lookup(headers, header).orElseThrow(() ->
                    new Rejection(Reason.MISSING_HEADER, "header " + header
                            + " is missing; the sender must send its timestamp with the signature"))));
        }
        String from = timestampFrom;
        Optional<Instant> timestamp = timestampText.map(t -> SignatureSource.timestamp(from, t));
        return new Delivery(source.algorithm(), read.signatures(), timestampText, timestamp);
    }

    /**
     * Whether {@code key} signed the delivery: one signature computed, compared with each one
     * received in constant time ({@link MessageDigest#isEqual}) over the decoded bytes.
     */
    boolean matches(HmacKey key, Delivery delivery, byte[] body) {
        byte[] expected = key.mac(delivery.algorithm(), content, delivery.timestampText(), body);
        boolean match = false;
        for (byte[] received : delivery.signatures()) {
            match |= MessageDigest.isEqual(expected, received);
        }
        return match;
    }

    /**
     * What identifies the delivery whatever header, algorithm or secret version signed it: the
     * HMAC-SHA256 under {@code replayKey} (a per-process random key) of exactly the content the
     * sender signed, timestamp included.
     */
    byte[] fingerprint(HmacKey replayKey, Delivery delivery, byte[] body) {
        return replayKey.mac(HmacAlgorithm.SHA256, content, delivery.timestampText(), body);
    }

    /** The headers that sign {@code body} with {@code key} at {@code epochSecond}, in the order a sender writes them. */
    Map<String, String> sign(HmacKey key, long epochSecond, byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<String> timestampText = hasTimestamp() ? Optional.of(Long.toString(epochSecond)) : Optional.empty();
        timestampHeader.ifPresent(h -> out.put(h, timestampText.orElseThrow()));
        out.put(primary.header(), primary.render(key, content, timestampText, body));
        if (legacySha1Allowed && legacy.isPresent()) {
            out.put(legacy.get().header(), legacy.get().render(key, content, timestampText, body));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Optional<String> lookup(Function<String, Optional<String>> headers, String header) {
        Optional<String> value = headers.apply(header);
        return value == null ? Optional.empty() : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookScheme other && name.equals(other.name) && primary.equals(other.primary)
                && legacy.equals(other.legacy) && legacySha1Allowed == other.legacySha1Allowed
                && timestampHeader.equals(other.timestampHeader) && content.equals(other.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, primary, legacy, legacySha1Allowed, timestampHeader, content);
    }

    /** {@code WebhookScheme[github: X-Hub-Signature-256: sha256=<signature> (HMAC-SHA256, hex) of {body}, ...]}. */
    @Override
    public String toString() {
        return "WebhookScheme[" + name + ": " + primary + " of " + content
                + timestampHeader.map(h -> ", timestamp in " + h).orElse("")
                + legacy.map(l -> ", legacy " + l + (legacySha1Allowed ? " accepted" : " refused")).orElse("") + "]";
    }

    /**
     * Builds a {@link WebhookScheme} of your own; setters check their argument at once and name
     * the setting. Defaults: name {@code custom}, no prefix, hex, HMAC-SHA256, no timestamp,
     * signed content {@code {body}}.
     */
    public static final class CustomBuilder {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
        private static final Pattern PREFIX = Pattern.compile("[\\x21-\\x7e]*");

        private String name = "custom";
        private String signatureHeader;
        private String prefix = "";
        private Encoding encoding = Encoding.HEX;
        private HmacAlgorithm algorithm = HmacAlgorithm.SHA256;
        private String timestampHeader;
        private SignedContent content = SignedContent.parse("{body}");
        private boolean allowLegacySha1;

        private CustomBuilder() {
        }

        /** The name used in messages; letters, digits, {@code . _ -}; default {@code custom}. */
        public CustomBuilder name(String name) {
            this.name = matching("name", name, NAME);
            return this;
        }

        /** The header that carries the signature, such as {@code X-Acme-Signature}; required. */
        public CustomBuilder signatureHeader(String header) {
            this.signatureHeader = matching("signatureHeader", header, HEADER);
            return this;
        }

        /** The text before the signature in the header, such as {@code sha256=}; default none. */
        public CustomBuilder prefix(String prefix) {
            this.prefix = matching("prefix", prefix, PREFIX);
            return this;
        }

        /** How the signature bytes are written; default {@link Encoding#HEX}. */
        public CustomBuilder encoding(Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** The HMAC algorithm; default SHA-256. {@link HmacAlgorithm#SHA1} also needs {@link #allowLegacySha1()}. */
        public CustomBuilder algorithm(HmacAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** The header that carries the sender's Unix time in seconds; the signed content must then hold {@code {t}}. */
        public CustomBuilder timestampHeader(String header) {
            this.timestampHeader = matching("timestampHeader", header, HEADER);
            return this;
        }

        /**
         * The signed bytes as a template of literal text, {@code {t}} (the timestamp as received)
         * and {@code {body}} (the payload, exactly once), such as {@code {t}.{body}} or
         * {@code v0:{t}:{body}}; default {@code {body}}.
         */
        public CustomBuilder signedContent(String template) {
            this.content = SignedContent.parse(template);
            return this;
        }

        /** Accepts {@link HmacAlgorithm#SHA1}, for legacy senders that cannot do better. */
        public CustomBuilder allowLegacySha1() {
            this.allowLegacySha1 = true;
            return this;
        }

        /**
         * The scheme.
         *
         * @throws IllegalStateException when the signature header is not set, the timestamp header
         *                               and {@code {t}} do not come together, or SHA-1 is chosen
         *                               without {@link #allowLegacySha1()}
         */
        public WebhookScheme build() {
            require(signatureHeader != null, "has no signatureHeader; set the header that carries the signature");
            require(timestampHeader == null || content.usesTimestamp(), "has timestampHeader " + timestampHeader
                    + " but signedContent '" + content + "' does not hold {t}, so the timestamp would not be signed; add {t}");
            require(timestampHeader != null || !content.usesTimestamp(),
                    "signs {t} but has no timestampHeader; set the header that carries it");
            require(timestampHeader == null || !timestampHeader.equalsIgnoreCase(signatureHeader),
                    "uses " + signatureHeader + " for both signature and timestamp; they must be two headers");
            require(algorithm != HmacAlgorithm.SHA1 || allowLegacySha1, "uses HMAC-SHA1, a legacy algorithm; "
                    + "call allowLegacySha1() if the sender cannot sign with SHA-256, or choose SHA256");
            require(!allowLegacySha1 || algorithm == HmacAlgorithm.SHA1,
                    "uses " + algorithm + ", so allowLegacySha1() does not apply; remove it");
            SignatureSource source = new SignatureSource(signatureHeader, new SignatureFormat.Prefixed(prefix),
                    algorithm, encoding);
            return new WebhookScheme(name, source, Optional.empty(), allowLegacySha1,
                    Optional.ofNullable(timestampHeader), content);
        }

        private void require(boolean ok, String problem) {
            if (!ok) {
                throw new IllegalStateException("scheme " + name + " " + problem);
            }
        }

        private static String matching(String setting, String value, Pattern pattern) {
            Objects.requireNonNull(value, setting);
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(setting + " must match " + pattern.pattern() + ", got '" + value + "'");
            }
            return value;
        }
    }
}
