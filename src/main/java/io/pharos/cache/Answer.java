package io.pharos.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** A cacheable 200 answer: its JSON body and, for a resource, its ETag (or null). */
public record Answer(String etag, String json) {

    /** {@code value} as the API writes it. */
    public static Answer of(ObjectMapper mapper, Object value, String etag) {
        try {
            return new Answer(etag, mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Sends the answer: status 200, the ETag when there is one, the JSON body. */
    public void send(Context ctx) {
        if (etag != null) ctx.header("ETag", etag);
        ctx.contentType(ContentType.APPLICATION_JSON).result(json);
    }

    /** As kept in Redis: the ETag's line, then the body. */
    String encode() {
        return (etag == null ? "" : etag) + "\n" + json;
    }

    static Answer decode(String stored) {
        int nl = stored.indexOf('\n');
        String etag = stored.substring(0, nl);
        return new Answer(etag.isEmpty() ? null : etag, stored.substring(nl + 1));
    }
}
