package io.pharos.search.embed;

import java.util.List;
import java.util.function.Supplier;

/**
 * An embedder built on first use, so a command that never embeds (adding a user, a backup) never loads
 * a model or calls an endpoint. The server loads it at start ({@link #load()}) so a broken setting stops
 * the start. {@link #maxTokens()} is known without loading: chunking needs it before anything embeds.
 */
public final class LazyEmbedder implements Embedder {
    private final Supplier<Embedder> loader;
    private final int maxTokens;
    private volatile Embedder loaded;

    public LazyEmbedder(Supplier<Embedder> loader, int maxTokens) {
        this.loader = loader;
        this.maxTokens = maxTokens;
    }

    /** The real embedder, built by the first caller. */
    public Embedder load() {
        Embedder e = loaded;
        if (e == null) {
            synchronized (this) {
                if (loaded == null) loaded = loader.get();
                e = loaded;
            }
        }
        return e;
    }

    @Override
    public String describe() {
        return load().describe();
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public float[][] embedDocuments(List<String> texts) {
        return load().embedDocuments(texts);
    }

    @Override
    public float[] embedQuery(String text) {
        return load().embedQuery(text);
    }
}
