package io.pharos.collection;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.InvalidInputException;

import java.util.Locale;

/** private: the owner only; shared: every authenticated user; public: anyone the server lets in. */
public enum Visibility {
    PRIVATE, SHARED, PUBLIC;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Visibility parse(String text, String field) {
        for (Visibility v : values()) if (v.wire().equals(text)) return v;
        throw InvalidInputException.field(field, "must be private, shared or public");
    }
}
