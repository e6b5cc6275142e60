package dev.secrets4j.testing.aws;

/** An error answer: HTTP {@code status} with {@code {"__type":type,"Message":message}}. No stack trace. */
final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;
    private final int status;

    AwsError(String type, String message) {
        this(400, type, message);
    }

    AwsError(int status, String type, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static AwsError notFound() {
        return new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    static AwsError invalidParameter(String message) {
        return new AwsError("InvalidParameterException", message);
    }

    static AwsError invalidRequest(String message) {
        return new AwsError("InvalidRequestException", message);
    }

    static AwsError markedForDeletion() {
        return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }
}
