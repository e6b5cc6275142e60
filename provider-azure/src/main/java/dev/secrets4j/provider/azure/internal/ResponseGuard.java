package dev.secrets4j.provider.azure.internal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a successful answer before the SDK reads it: at most {@link #MAX_BODY_BYTES} and complete
 * JSON. The SDK logs the text of a body it cannot parse at ERROR level, and a secret bundle starts
 * with its value; a truncated bundle must therefore never reach it.
 */
public final class ResponseGuard implements HttpPipelinePolicy {

    /** The largest answer accepted: far above a 25 KiB secret or a page of 25 listing items. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A successful answer whose body is not usable; the message never quotes the body. */
    public static final class BadBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return check(next.processSync());
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().map(this::check);
    }

    private HttpResponse check(HttpResponse response) {
        if (response.getStatusCode() / 100 != 2) {
            return response;
        }
        String length = response.getHeaderValue(HttpHeaderName.CONTENT_LENGTH);
        if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
            response.close();
            throw new BadBody("answered with a body of " + length.strip() + " bytes, more than the " + MAX_BODY_BYTES
                    + " accepted");
        }
        HttpResponse buffered = response.buffer();
        byte[] body = buffered.getBodyAsBinaryData() == null ? new byte[0] : buffered.getBodyAsBinaryData().toBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new BadBody("answered with a body of more than " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length > 0) {
            try {
                JSON.readTree(body);
            } catch (JacksonException e) {
                throw new BadBody("answered " + response.getStatusCode() + " with a body that is not complete JSON"
                        + " (cut short by a proxy or the network?)");
            }
        }
        return buffered;
    }
}
