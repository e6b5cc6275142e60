package dev.secrets4j.provider.aws.internal;

/** Secret ids: names, full ARNs and partial ARNs (an ARN without the {@code -XXXXXX} suffix). */
public final class Ids {

    private Ids() {
    }

    /** Whether {@code id} names the secret of {@code arn} and {@code name}. */
    public static boolean matches(String id, String arn, String name) {
        if (id.equals(name) || id.equals(arn)) {
            return true;
        }
        return arn != null && isArn(id) && arn.length() == id.length() + 7 && arn.startsWith(id) && arn.charAt(id.length()) == '-';
    }

    /** Whether {@code id} is an ARN rather than a name. */
    public static boolean isArn(String id) {
        return id.startsWith("arn:");
    }

    /** Whether {@code version} is a staging label rather than a version id (ids are 32 to 64 characters). */
    public static boolean isStage(String version) {
        return version.startsWith("AWS") && version.equals(version.toUpperCase(java.util.Locale.ROOT)) || version.length() < 32;
    }
}
