package dev.secrets4j.provider.file.internal;

/**
 * A store file whose content is not what the store writes: invalid JSON, a missing or mistyped
 * field, a failed integrity check. The reason names the field or the check, never the content;
 * the caller adds the file and what to do.
 */
public final class FormatProblem extends Exception {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code reason}, such as {@code field 'versions' is missing}. */
    public FormatProblem(String reason) {
        super(reason, null, false, false);
    }
}
