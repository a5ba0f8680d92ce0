package io.pharos.search.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.common.ConfigurationException;
import io.pharos.common.Secrets;
import io.pharos.common.UnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible embeddings endpoint: {@code POST <url>/embeddings {"model", "input": [..]}}
 * answering {@code {"data": [{"index", "embedding": [..]}]}}. Vectors are normalized here; the
 * dimension is checked once at start ({@link #checkDimension}).
 */
public final class HttpEmbedder implements Embedder {
    /** The endpoint cuts long inputs itself: chunks are sized by PHAROS_CHUNK_TOKENS alone. */
    public static final int MAX_TOKENS = Integer.MAX_VALUE;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final String model;
    private final String key;

    public HttpEmbedder(String url, String model, String key) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            this.endpoint = URI.create(base.endsWith("/embeddings") ? base : base + "/embeddings");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("PHAROS_EMBEDDINGS_URL", "is not a URL: " + Secrets.mask(url));
        }
        if (endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
            throw new ConfigurationException("PHAROS_EMBEDDINGS_URL", "must be an http:// or https:// URL");
        }
        this.model = model;
        this.key = key;
    }

    /** Asks for one vector and refuses to start unless it has {@link #DIMENSION} numbers. */
    public HttpEmbedder checkDimension() {
        float[] v;
        try {
            v = call(List.of("dimension check"))[0];
        } catch (RuntimeException e) {
            throw new ConfigurationException("PHAROS_EMBEDDINGS_URL", "the embeddings endpoint " + endpoint + " failed: " + Secrets.mask(e.getMessage()));
        }
        if (v.length != DIMENSION) {
            throw new ConfigurationException("PHAROS_EMBEDDINGS_MODEL", "model '" + model + "' at " + endpoint + " gives "
                    + v.length + " dimensions; Pharos stores " + DIMENSION);
        }
        return this;
    }

    @Override
    public String describe() {
        return model + " at " + endpoint;
    }

    /** Unknown here (OpenAI's models read 8,191 tokens): chunks keep the configured size. */
    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    @Override
    public float[][] embedDocuments(List<String> texts) {
        return call(texts);
    }

    @Override
    public float[] embedQuery(String text) {
        return call(List.of(text))[0];
    }

    private float[][] call(List<String> texts) {
        try {
            String body = JSON.writeValueAsString(Map.of("model", model, "input", texts));
            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (key != null && !key.isBlank()) b.header("Authorization", "Bearer " + key);
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new UnavailableException("the embeddings endpoint answered " + r.statusCode(), null);
            }
            JsonNode data = JSON.readTree(r.body()).path("data");
            if (!data.isArray() || data.size() != texts.size()) {
                throw new UnavailableException("the embeddings endpoint answered " + data.size() + " vectors for " + texts.size() + " inputs", null);
            }
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode item = data.get(i);
                int index = item.path("index").asInt(i);
                JsonNode e = item.path("embedding");
                float[] v = new float[e.size()];
                for (int d = 0; d < v.length; d++) v[d] = (float) e.get(d).asDouble();
                if (index < 0 || index >= out.length) throw new UnavailableException("the embeddings endpoint sent index " + index, null);
                out[index] = OnnxEmbedder.normalize(v);
            }
            return out;
        } catch (IOException e) {
            throw new UnavailableException("the embeddings endpoint " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while embedding", e);
        }
    }
}
