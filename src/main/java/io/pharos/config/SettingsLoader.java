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

    /** One setting as the process sees it: its value (secrets masked) and where it came from. */
    public record Value(String name, String value, String source) {}

    /**
     * Every setting with its current value and source ({@code default}, {@code .env}, {@code environment}
     * or {@code flag}), by name. Secrets are masked: {@code *_KEY}, {@code *_PASSWORD}, {@code *_SECRET},
     * {@code *_TOKEN} show only whether they are set, and URLs lose their user-info.
     */
    public static List<Value> describe(Map<String, String> environment, Path dotEnv, Map<String, String> flags) {
        Map<String, String> dot = readDotEnv(dotEnv);
        List<Value> values = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(Settings.DEFAULTS.keySet())) {
            String value = Settings.DEFAULTS.get(name), source = "default";
            if (dot.containsKey(name)) { value = dot.get(name); source = ".env"; }
            if (environment.containsKey(name)) { value = environment.get(name); source = "environment"; }
            if (flags.get(name) != null) { value = flags.get(name); source = "flag"; }
            values.add(new Value(name, masked(name, value), source));
        }
        return values;
    }

    private static String masked(String name, String value) {
        if (value == null || value.isEmpty()) return value;
        if (name.matches(".*_(KEY|PASSWORD|SECRET|TOKEN)")) return "*** (set)";
        return name.endsWith("_URL") || name.endsWith("_URLS") ? DatabaseUrl.redact(value) : value;
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
