package io.pharos.search.embed;

import java.util.List;

/** Turns text into unit-length vectors of {@link #DIMENSION} floats. */
public interface Embedder {
    int DIMENSION = 384;

    /** What is embedding, for logs and health: e.g. {@code bge-small-en-v1.5 (in process)}. */
    String describe();

    /** The longest input the model reads, in its tokens (longer inputs are cut). */
    int maxTokens();

    /** Vectors for passages to be searched, one per text, each of length 1. */
    float[][] embedDocuments(List<String> texts);

    /** The vector of a search query (some models prefix queries with an instruction). */
    float[] embedQuery(String text);
}
