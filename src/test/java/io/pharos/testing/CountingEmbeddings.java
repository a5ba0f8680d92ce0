package io.pharos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OpenAI-compatible embeddings endpoint (the external API is not ours) that counts every input it
 * embeds, per caller: each Pharos instance gets its own base URL ({@link #url}) so the counts say who
 * embedded what. Vectors are a bag of words, 384 dimensions. {@link #delay} slows one caller down.
 */
public final class CountingEmbeddings implements AutoCloseable {
    /** The input HttpEmbedder sends at start to check the dimension; not counted. */
    public static final String DIMENSION_CHECK = "dimension check";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, Map<String, AtomicInteger>> counts = new ConcurrentHashMap<>();
    private final Map<String, Integer> delays = new ConcurrentHashMap<>();

    public CountingEmbeddings() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String caller = exchange.getRequestURI().getPath().split("/")[1];
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            List<Map<String, Object>> data = new ArrayList<>();
            int i = 0;
            for (JsonNode input : body.get("input")) {
                String text = input.asText();
                if (!text.equals(DIMENSION_CHECK)) {
                    counts.computeIfAbsent(caller, c -> new ConcurrentHashMap<>()).computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
                }
                data.add(Map.of("index", i++, "embedding", vector(text)));
            }
            int delay = delays.getOrDefault(caller, 0);
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out = JSON.writeValueAsBytes(Map.of("object", "list", "data", data, "model", body.get("model").asText()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** The PHAROS_EMBEDDINGS_URL for the caller named {@code caller}. */
    public String url(String caller) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + caller + "/v1";
    }

    /** Makes every request of {@code caller} take at least {@code millis} more. */
    public void delay(String caller, int millis) {
        delays.put(caller, millis);
    }

    /** How many times {@code caller} had each input embedded. */
    public Map<String, Integer> counts(String caller) {
        Map<String, Integer> out = new java.util.HashMap<>();
        counts.getOrDefault(caller, Map.of()).forEach((text, n) -> out.put(text, n.get()));
        return out;
    }

    /** Inputs embedded by {@code caller}, repeats included. */
    public int total(String caller) {
        return counts.getOrDefault(caller, Map.of()).values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void reset() {
        counts.clear();
        delays.clear();
    }

    static float[] vector(String text) {
        float[] v = new float[384];
        for (String w : text.toLowerCase().split("\\W+")) if (!w.isEmpty()) v[Math.floorMod(w.hashCode(), v.length)] += 1;
        v[0] += 0.01f;
        return v;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
