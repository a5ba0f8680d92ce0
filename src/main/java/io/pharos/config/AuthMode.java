package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.util.Locale;

/**
 * {@code PHAROS_AUTH}: {@code auto} requires an API key when the server binds beyond loopback or as soon
 * as a user exists (otherwise a local owner is implied); {@code required} always; {@code off} never
 * (refused on a non-loopback address).
 */
public enum AuthMode {
    AUTO, REQUIRED, OFF;

    static AuthMode parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (AuthMode m : values()) if (m.name().toLowerCase(Locale.ROOT).equals(v)) return m;
        throw new ConfigurationException("PHAROS_AUTH", "expected auto, required or off, got '" + value + "'");
    }
}
