package dev.secrets4j.provider.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The guard keeps oversized and truncated successful bodies from the SDK, whose parser would log them. */
class ResponseGuardTest {

    private static final String CANARY = "canary-guard-value-5e7f";

    private static HttpResponse answer(HttpRequest request, int status, byte[] body, boolean withLength) {
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json");
        if (withLength) {
            headers.set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(body.length));
        }
        return new HttpResponse(request) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.just(ByteBuffer.wrap(body));
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.just(body.clone());
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.just(new String(body, StandardCharsets.UTF_8));
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.just(new String(body, charset));
            }
        };
    }

    private static HttpResponse send(int status, byte[] body, boolean withLength) {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(r -> Mono.just(answer(r, status, body, withLength)))
                .policies(new ResponseGuard()).build();
        return pipeline.sendSync(new HttpRequest(HttpMethod.GET, "https://v.vault.azure.net/secrets/a/"), Context.NONE);
    }

    @Test
    void completeJson_passesWithItsBody() {
        byte[] json = ("{\"value\":\"" + CANARY + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(send(200, json, true).getBodyAsBinaryData().toBytes()).isEqualTo(json);
    }

    @Test
    void truncatedJson_isRefused_withoutQuotingTheBody() {
        byte[] json = ("{\"value\":\"" + CANARY + "\",\"id\":\"https://v").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> send(200, json, true)).isInstanceOf(ResponseGuard.BadBody.class)
                .hasMessageContaining("not complete JSON").hasMessageNotContaining(CANARY);
    }

    @Test
    void oversizedBody_isRefused_byItsLengthHeaderOrItsBytes() {
        byte[] big = new byte[ResponseGuard.MAX_BODY_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> send(200, big, true)).isInstanceOf(ResponseGuard.BadBody.class)
                .hasMessageContaining(Integer.toString(big.length));
        assertThatThrownBy(() -> send(200, big, false)).isInstanceOf(ResponseGuard.BadBody.class)
                .hasMessageContaining("more than");
    }

    @Test
    void errorAnswers_andEmptyBodies_areLeftToTheErrorMapping() {
        byte[] html = "<html>Bad Gateway".getBytes(StandardCharsets.UTF_8);
        assertThat(send(502, html, true).getStatusCode()).isEqualTo(502);
        assertThat(send(204, new byte[0], true).getStatusCode()).isEqualTo(204);
    }
}
