package io.pharos.db;

import io.pharos.config.Settings;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The router: which {@link Database} holds each {@link Part}. With {@code PHAROS_CONFIG_DATABASE_URL} empty
 * both parts are the one database of {@code DATABASE_URL} (the same object); set, the configuration part has
 * its own. The composition root hands every store the database of its part, so no feature asks which
 * database it is on.
 */
public final class Databases implements AutoCloseable {
    private final Database configuration;
    private final Database content;

    private Databases(Database configuration, Database content) {
        this.configuration = configuration;
        this.content = content;
    }

    /** One database holding both parts. */
    public static Databases single(Database database) {
        return new Databases(database, database);
    }

    /** Two databases: {@code configuration} and {@code content}. */
    public static Databases split(Database configuration, Database content) {
        return new Databases(configuration, content);
    }

    /** Opens the database of each part of {@code settings}' library (the content part first). */
    public static Databases open(Settings settings, Instrumentation instrumentation) {
        Database content = Database.open(settings, instrumentation);
        if (!settings.split()) return single(content);
        try {
            return split(Database.open(settings.configurationPart(), instrumentation), content);
        } catch (RuntimeException e) {
            content.close();
            throw e;
        }
    }

    public static Databases open(Settings settings) {
        return open(settings, Instrumentation.NONE);
    }

    public Database of(Part part) {
        return part == Part.CONFIGURATION ? configuration : content;
    }

    public Database configuration() { return configuration; }
    public Database content() { return content; }

    /** True when the two parts live in two databases. */
    public boolean isSplit() {
        return configuration != content;
    }

    /** A part and the database holding it. */
    public record Placed(Part part, Database database) {}

    /**
     * Each database with the part it holds: one entry (content, standing for both) when not split, else the
     * configuration part then the content part.
     */
    public List<Placed> placed() {
        List<Placed> all = new ArrayList<>();
        if (isSplit()) all.add(new Placed(Part.CONFIGURATION, configuration));
        all.add(new Placed(Part.CONTENT, content));
        return all;
    }

    /** The parts a database of {@link #placed} holds: both when not split. */
    public List<Part> partsIn(Placed placed) {
        return isSplit() ? List.of(placed.part()) : List.of(Part.values());
    }

    /**
     * Runs {@code work} on part {@code to} from inside a write transaction {@code current} on part {@code from}:
     * on the same handle when both parts share a database (one transaction), else in a write of its own on
     * {@code to}'s database, committed before the caller's (so a failure there rolls the caller's back, and
     * a failure of the caller's after it leaves at most rows the consistency check reports).
     */
    public void across(Part from, Handle current, Part to, Consumer<Handle> work) {
        if (of(from) == of(to)) {
            work.accept(current);
        } else {
            of(to).write(h -> { work.accept(h); return null; });
        }
    }

    /** Sets the one commit listener on every database (the shared cache's generation moves on either part's writes). */
    public void onCommit(Database.CommitListener listener) {
        configuration.onCommit(listener);
        if (isSplit()) content.onCommit(listener);
    }

    @Override
    public void close() {
        try {
            if (isSplit()) configuration.close();
        } finally {
            content.close();
        }
    }
}
