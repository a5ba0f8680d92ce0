package io.pharos.citation;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.InvalidInputException;

import java.util.Locale;

public enum CitationType {
    CITES, CITED_BY, RELATED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CitationType parse(String text, String field) {
        for (CitationType t : values()) if (t.wire().equals(text)) return t;
        throw InvalidInputException.field(field, "must be cites, cited_by or related");
    }
}
