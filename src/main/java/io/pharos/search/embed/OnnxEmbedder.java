package io.pharos.search.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An embedding model run in process by ONNX Runtime, tokenized by the HuggingFace tokenizer (native code
 * bundled in its jar; DJL tracking and downloads off). Inputs are cut at the model's token window; the
 * token vectors are pooled (mean over the attention mask, or the CLS vector) and L2-normalized.
 * One session per model per process, shared; ONNX Runtime sessions are thread-safe.
 */
public final class OnnxEmbedder implements Embedder {
    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);
    private static final Map<LocalModel, OnnxEmbedder> LOADED = new ConcurrentHashMap<>();
    static final int BATCH = 16;

    static {
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("offline", "true");
        System.setProperty("ai.djl.offline", "true");
    }

    private final LocalModel model;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTypeIds;

    private OnnxEmbedder(LocalModel model) throws IOException, OrtException {
        this.model = model;
        long t0 = System.nanoTime();
        this.env = OrtEnvironment.getEnvironment();
        byte[] onnx = resource(model.modelResource);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        // no busy-waiting between operators: spinning threads took the cores from requests (and /health) while
        // the background worker embedded, for a few percent of embedding speed
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        this.session = env.createSession(onnx, options);
        try (InputStream in = stream(model.tokenizerResource)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                    "maxLength", String.valueOf(model.maxTokens), "truncation", "true", "padding", "false"));
        }
        this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        log.info("embedding model {} loaded in {} ms", model.settingName, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The process-wide instance of {@code model}, loaded on first use (a second or so). */
    public static OnnxEmbedder of(LocalModel model) {
        return LOADED.computeIfAbsent(model, m -> {
            try {
                return new OnnxEmbedder(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load embedding model " + m.settingName + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String describe() {
        return model.settingName + " (in process, " + model.maxTokens + " tokens)";
    }

    @Override
    public int maxTokens() {
        return model.maxTokens;
    }

    @Override
    public float[][] embedDocuments(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
            float[][] vectors = run(batch);
            System.arraycopy(vectors, 0, out, from, vectors.length);
        }
        return out;
    }

    @Override
    public float[] embedQuery(String text) {
        return run(List.of(model.queryPrefix + text))[0];
    }

    /**
     * Chunks per second for {@code texts}: through {@link #embedDocuments} (tokenizing, padding, model,
     * pooling, normalizing) and through the bare model call on the same batches tokenized beforehand.
     */
    public double[] throughput(List<String> texts) {
        embedDocuments(texts.subList(0, Math.min(BATCH, texts.size())));   // warm-up
        long t0 = System.nanoTime();
        embedDocuments(texts);
        double pipeline = texts.size() / ((System.nanoTime() - t0) / 1e9);
        List<Batch> batches = new ArrayList<>();
        try {
            for (int from = 0; from < texts.size(); from += BATCH) batches.add(encode(texts.subList(from, Math.min(texts.size(), from + BATCH))));
            long t1 = System.nanoTime();
            for (Batch batch : batches) {
                try (OrtSession.Result ignored = session.run(batch.inputs())) {
                    // only the model call is timed
                }
            }
            double raw = texts.size() / ((System.nanoTime() - t1) / 1e9);
            return new double[] {pipeline, raw};
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        } finally {
            batches.forEach(Batch::close);
        }
    }

    /** A tokenized batch padded to its longest input: the model's inputs and the mask pooling needs. */
    private record Batch(Map<String, OnnxTensor> inputs, long[] mask, int length) implements AutoCloseable {
        @Override
        public void close() {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private Batch encode(List<String> texts) throws OrtException {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        int length = 1;
        for (String t : texts) {
            Encoding e = tokenizer.encode(t);
            encodings.add(e);
            length = Math.max(length, e.getIds().length);
        }
        int n = texts.size();
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        for (int i = 0; i < n; i++) {
            long[] e = encodings.get(i).getIds();
            long[] m = encodings.get(i).getAttentionMask();
            System.arraycopy(e, 0, ids, i * length, e.length);
            System.arraycopy(m, 0, mask, i * length, m.length);
        }
        long[] shape = {n, length};
        Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
        if (wantsTypeIds) inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * length]), shape));
        return new Batch(inputs, mask, length);
    }

    /** One forward pass over a batch, padded to its longest input. */
    float[][] run(List<String> texts) {
        try (Batch batch = encode(texts); OrtSession.Result result = session.run(batch.inputs())) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) out[i] = normalize(pool(hidden[i], batch.mask(), i * batch.length(), batch.length()));
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        }
    }

    private float[] pool(float[][] tokens, long[] mask, int offset, int length) {
        int dim = tokens[0].length;
        if (model.pooling == LocalModel.Pooling.CLS) return tokens[0].clone();
        float[] sum = new float[dim];
        int count = 0;
        for (int t = 0; t < length; t++) {
            if (mask[offset + t] == 0) continue;
            count++;
            float[] v = tokens[t];
            for (int d = 0; d < dim; d++) sum[d] += v[d];
        }
        for (int d = 0; d < dim; d++) sum[d] /= Math.max(1, count);
        return sum;
    }

    /** {@code v} scaled to unit length, in place. */
    public static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        float inv = (float) (1.0 / Math.max(1e-12, Math.sqrt(norm)));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException("the model resource " + name + " is not on the classpath (its Maven artifact is missing)");
        return in;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        }
    }
}
