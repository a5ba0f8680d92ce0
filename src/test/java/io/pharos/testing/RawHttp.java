package io.pharos.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for headers {@link Api}'s client may not set ({@code Host}, as a DNS-rebinding
 * page's browser sends it) and for malformed requests. One request per connection.
 */
public final class RawHttp {
    private RawHttp() {}

    /** Sends {@code method path} with these headers (Host included) and a JSON body when not null. */
    public static Api.Response send(int port, String method, String path, Map<String, String> headers, String body) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) head.append("Content-Length: ").append(content.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    /**
     * Writes {@code request} as is (head and any body, however malformed) and reads the answer; with
     * {@code endOutput} the client then stops sending (a body cut short), otherwise the connection stays open
     * until the server answers (a stalled body).
     */
    public static Api.Response exchange(int port, byte[] request, boolean endOutput) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (endOutput) socket.shutdownOutput();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    public static Api.Response get(int port, String path, String host) {
        return send(port, "GET", path, Map.of("Host", host), null);
    }

    private static Api.Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) throw new IOException("no response head in: " + text);
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip(), List.of(lines[i].substring(colon + 1).strip()));
        }
        String body = text.substring(end + 4);
        boolean chunked = "chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", List.of("")).getFirst());
        return new Api.Response(status, headers, chunked ? dechunk(body) : body);
    }

    private static String dechunk(String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        while (true) {
            String size = line(in).strip();
            int n = Integer.parseInt(size.contains(";") ? size.substring(0, size.indexOf(';')) : size, 16);
            if (n == 0) return out.toString(StandardCharsets.UTF_8);
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') sb.append((char) c);
        return sb.toString();
    }
}
