package dev.roster.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The Volcengine response body: {@code ResponseMetadata} always, {@code Result} on success only.
 * Field names are rendered in UpperCamelCase by {@link Responses}.
 */
record Envelope(Metadata responseMetadata, @JsonInclude(Include.NON_NULL) Object result) {

    record Metadata(String requestId, String action, String version, String service, String region,
            @JsonInclude(Include.NON_NULL) ErrorBody error) {}

    /** {@code CodeN} is never zero: the Go SDK only sees an error when it is not. */
    record ErrorBody(int codeN, String code, String message) {}

    static final String SERVICE = "rtc";
}
