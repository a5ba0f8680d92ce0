package io.pharos.cli;

import io.pharos.common.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks of a command's options that run before it opens a database, so that a bad option is reported
 * as itself (one line naming it, exit 2) even when the database cannot be reached.
 */
final class OptionChecks {
    private OptionChecks() {}

    /** Runs a feature's own check of its input, reporting a bad field as the option it came from ({@code options}: field → option). */
    static void asOptions(Map<String, String> options, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            String option = options.getOrDefault(e.field(), e.field());
            throw InvalidInputException.badRequest(option, option + " " + e.getMessage());
        }
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) throw InvalidInputException.badRequest(option, option + " must be " + min + " or more, not " + value);
    }

    /** A directory option that, when given, must exist. */
    static void existingDirectory(String option, Path dir) {
        if (dir != null && !Files.isDirectory(dir)) throw InvalidInputException.badRequest(option, option + " '" + dir + "' is not a directory");
    }

    /** A file argument that must exist. */
    static void existingFile(String option, Path file) {
        if (file == null || !Files.isRegularFile(file)) throw InvalidInputException.badRequest(option, option + " '" + file + "' is not a file");
    }

    /** A file to write whose directory, when given, must exist. */
    static void writableLocation(String option, Path file) {
        if (file == null) return;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw InvalidInputException.badRequest(option, option + " '" + file + "': the directory " + parent + " does not exist");
        }
    }

    /** {@code option} makes no sense with {@code other}. */
    static void notBoth(String option, boolean set, String other, boolean otherSet) {
        if (set && otherSet) throw InvalidInputException.badRequest(option, option + " cannot be used with " + other + "; pass one of them");
    }
}
