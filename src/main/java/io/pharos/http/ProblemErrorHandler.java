package io.pharos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.common.Jsons;
import io.pharos.common.RequestRefusedException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jetty's own error answers as problem details, like every other error: requests Jetty refuses before any
 * route runs (a malformed request line or header, a URI or headers over {@link HttpServer#MAX_HEADER_BYTES},
 * an unknown HTTP version) and any error Jetty renders itself.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = Jsons.mapper();

    /** The body of a request the parser refused; {@code fields} are the response's headers. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason, null));
    }

    /** An error Jetty renders for a request it dispatched (none of the routes' errors: those are written by {@link Problems}). */
    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        baseRequest.setHandled(true);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        byte[] body = body(response.getStatus(), message == null ? null : message.toString(), request.getRequestURI());
        response.setContentType(Problems.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static byte[] body(int status, String reason, String instance) {
        String title = HttpStatus.getMessage(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail(status, reason == null ? title : RequestRefusedException.printable(reason)));
        if (instance != null) problem.put("instance", RequestRefusedException.printable(instance));
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String detail(int status, String reason) {
        long kib = HttpServer.MAX_HEADER_BYTES / 1024;
        return switch (status) {
            case 414 -> "the request line (method, path and query) is longer than the limit of " + kib + " KiB";
            case 431 -> "the request headers are larger than the limit of " + kib + " KiB";
            case 505 -> "only HTTP/1.0 and HTTP/1.1 are served (" + reason + ")";
            case 400 -> "the request is not valid HTTP: " + reason;
            default -> reason;
        };
    }
}
