package io.pharos.interaction;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.InvalidInputException;

import java.util.Locale;

public enum InteractionType {
    VIEW, BOOKMARK, RATE, DOWNLOAD;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static InteractionType parse(String text, String field) {
        for (InteractionType t : values()) if (t.wire().equals(text)) return t;
        throw InvalidInputException.field(field, "must be view, bookmark, rate or download");
    }
}
