package io.pharos.http;

import io.javalin.http.Context;
import io.pharos.common.InvalidInputException;
import io.pharos.common.PharosException;
import io.pharos.common.RequestRefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body whole, at most {@link HttpServer#MAX_REQUEST_BYTES}, whatever its framing: a larger
 * one is 413 (before reading, when its Content-Length says so), one that ends early or has broken chunking
 * is 400, and one that stops arriving for the body timeout is 408, all naming {@code body}.
 */
final class RequestBody {
    private RequestBody() {}

    static byte[] read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > HttpServer.MAX_REQUEST_BYTES) throw tooLarge();
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] body = in.readNBytes((int) HttpServer.MAX_REQUEST_BYTES + 1);
            if (body.length > HttpServer.MAX_REQUEST_BYTES) throw tooLarge();
            return body;
        } catch (PharosException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jetty reports an early end as EofException, broken chunking as BadMessageException, a stall with a TimeoutException cause
            if (causedBy(e, TimeoutException.class)) {
                throw new RequestRefusedException(RequestRefusedException.Reason.BODY_TIMEOUT, "body",
                        "stopped arriving before it was complete (nothing was received within the body timeout)");
            }
            throw InvalidInputException.badRequest("body", declared >= 0
                    ? "ended before its Content-Length of " + declared + " bytes"
                    : "could not be read: the chunked encoding is broken or the connection ended early");
        }
    }

    private static RequestRefusedException tooLarge() {
        return new RequestRefusedException(RequestRefusedException.Reason.TOO_LARGE, "body",
                "is larger than the limit of " + HttpServer.MAX_REQUEST_BYTES / (1024 * 1024) + " MiB ("
                        + HttpServer.MAX_REQUEST_BYTES + " bytes)");
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
