package io.pharos.cli;

import io.pharos.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code pharos settings}: every setting with its current value and where it comes from; secrets masked. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Print every setting (environment, .env in the working directory, or the default) with its current value "
                + "and source; keys and passwords are shown only as set or empty, URLs without their password. "
                + "Then checks them as 'pharos serve' would, without connecting to anything.")
final class SettingsCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Override
    public void run() {
        Map<String, String> flags = new HashMap<>(database.flags());
        var values = SettingsLoader.describe(System.getenv(), Path.of(".env"), flags);
        int width = values.stream().mapToInt(v -> v.name().length()).max().orElse(10);
        for (var v : values) {
            System.out.printf("%-" + width + "s  %-11s  %s%n", v.name(), v.source(), v.value() == null ? "" : v.value());
        }
        var settings = database.settings(Map.of());   // a setting out of range stops here with its one-line error (exit 2)
        System.out.println("settings are valid");
        var cache = settings.cache();
        System.out.println(cache.enabled()
                ? "shared cache: " + cache.redis().masked() + " (answers kept " + cache.ttl().toSeconds() + " s, commands time out after "
                        + cache.timeout().toMillis() + " ms; not connected by this command, see /health/ready for its state)"
                : "shared cache: off (PHAROS_REDIS_URL is empty)");
    }
}
