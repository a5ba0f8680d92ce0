package io.pharos.search.embed;

import java.util.Locale;

/**
 * The embedding models shipped in Maven artifacts (the langchain4j model jars, used only for their
 * ONNX file and tokenizer.json): both give 384 dimensions.
 */
public enum LocalModel {
    /** sentence-transformers/all-MiniLM-L6-v2: mean pooling, trained on 128-token inputs; 90 MB fp32. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 128, Pooling.MEAN, ""),
    /** BAAI/bge-small-en-v1.5 int8: CLS pooling, 512 tokens, query instruction prefix; 34 MB. */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", 512, Pooling.CLS,
            "Represent this sentence for searching relevant passages: ");

    public enum Pooling { MEAN, CLS }

    public final String settingName;
    final String modelResource;
    final String tokenizerResource;
    public final int maxTokens;
    final Pooling pooling;
    final String queryPrefix;

    LocalModel(String settingName, String modelResource, String tokenizerResource, int maxTokens, Pooling pooling, String queryPrefix) {
        this.settingName = settingName;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.maxTokens = maxTokens;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
    }

    public static LocalModel bySettingName(String name) {
        for (LocalModel m : values()) if (m.settingName.equals(name.toLowerCase(Locale.ROOT))) return m;
        return null;
    }
}
