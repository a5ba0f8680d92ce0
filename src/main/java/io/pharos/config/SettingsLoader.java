package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Merges defaults, a {@code .env} file, the environment and flag overrides into {@link Settings}. */
public final class SettingsLoader {
    private SettingsLoader() {}

    public static Settings load(Map<String, String> environment, Path dotEnv, Map<String, String> flags) {
        Map<String, String> merged = new HashMap<>(Settings.DEFAULTS);
        merged.putAll(readDotEnv(dotEnv));
        environment.forEach((k, v) -> {
            if (Settings.DEFAULTS.containsKey(k) || k.startsWith("PHAROS_")) merged.put(k, v);
        });
        flags.forEach((k, v) -> {
            if (v != null) merged.put(k, v);
        });
        return Settings.from(merged::get);
    }

    /** The process's settings: {@code .env} in the working directory, the real environment, flags. */
    public static Settings fromProcess(Map<String, String> flags) {
        return load(System.getenv(), Path.of(".env"), flags);
    }

    /** KEY=VALUE lines; blank lines and # comments ignored; optional single or double quotes stripped. */
    static Map<String, String> readDotEnv(Path file) {
        Map<String, String> values = new HashMap<>();
        if (file == null || !Files.isRegularFile(file)) return values;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigurationException(".env", "cannot be read: " + e.getMessage());
        }
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (s.startsWith("export ")) s = s.substring(7).strip();
            int eq = s.indexOf('=');
            if (eq <= 0) continue;
            String value = s.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(s.substring(0, eq).strip(), value);
        }
        return values;
    }
}
