package io.pharos.resource;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

public enum ReadStatus {
    UNREAD, IN_PROGRESS, COMPLETED, ARCHIVED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReadStatus parse(String text, String field, boolean body) {
        for (ReadStatus s : values()) if (s.wire().equals(text)) return s;
        String allowed = Arrays.stream(values()).map(ReadStatus::wire).collect(Collectors.joining(", "));
        String message = "must be one of " + allowed;
        throw body ? InvalidInputException.field(field, message) : InvalidInputException.badRequest(field, message);
    }
}
