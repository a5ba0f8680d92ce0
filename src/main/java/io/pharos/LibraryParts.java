package io.pharos;

import io.pharos.common.ConfigurationException;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import io.pharos.db.Part;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which parts each database holds, and of which library: its {@code library_parts} rows (schema v009). A
 * database's first start claims it (one id for the library; the parts it holds in this layout); every
 * start after checks the claim, so the server refuses, naming the setting, to serve with a part missing (an
 * empty configuration file beside a library's content, say), a whole library used as one part, or the two
 * parts of two different libraries. An unclaimed database (from before v009, or downgraded below it and
 * upgraded again) is judged by what it holds: given as one library, it is a whole one; given as one part of
 * a split, users and no resources make it a configuration part, resources and no users a content part, both
 * a whole library.
 */
final class LibraryParts {
    /** The first schema version with {@code library_parts}: a part's target is upgraded at least this far. */
    static final String FIRST_VERSION = "v009";

    private final Databases databases;

    LibraryParts(Databases databases) {
        this.databases = databases;
    }

    /** What one database says about itself. */
    private record Claim(Set<Part> parts, String libraryId, boolean holdsUsers, boolean holdsResources) {
        boolean unclaimed() { return parts.isEmpty(); }
        boolean holdsData() { return holdsUsers || holdsResources; }
        /** What a split part holds: its claim, or judged by its rows when unclaimed. */
        Claim asPart() {
            if (!unclaimed()) return this;
            Set<Part> judged = EnumSet.noneOf(Part.class);
            if (holdsUsers) judged.add(Part.CONFIGURATION);
            if (holdsResources) judged.add(Part.CONTENT);
            return new Claim(judged, null, holdsUsers, holdsResources);
        }
        boolean whole() { return parts.containsAll(EnumSet.allOf(Part.class)); }
        /** Nothing claimed and nothing held: a fresh database. */
        boolean fresh() { return parts.isEmpty(); }
    }

    /** Claims fresh databases, or refuses a layout whose parts do not belong together. */
    void claimOrCheck() {
        if (!databases.isSplit()) {
            checkSingle(databases.content());
            return;
        }
        Database config = databases.of(Part.CONFIGURATION);
        Database content = databases.of(Part.CONTENT);
        Claim c0 = claim(config), t0 = claim(content);
        Claim c = c0.asPart(), t = t0.asPart();
        if (t.whole()) throw refusal(Part.CONTENT, content, "holds a whole library (configuration and content), so a separate "
                + "configuration part would hide its users and keys: split it with 'pharos migrate --part content' and "
                + "'--part configuration' into two new databases, or leave PHAROS_CONFIG_DATABASE_URL empty");
        if (c.whole()) throw refusal(Part.CONFIGURATION, config, "holds a whole library (configuration and content): point DATABASE_URL "
                + "at it and leave PHAROS_CONFIG_DATABASE_URL empty, or split it with 'pharos migrate --part'");
        if (!c.fresh() && !c.parts().equals(EnumSet.of(Part.CONFIGURATION))) {
            throw refusal(Part.CONFIGURATION, config, "holds the " + names(c.parts()) + " part, not the configuration part");
        }
        if (!t.fresh() && !t.parts().equals(EnumSet.of(Part.CONTENT))) {
            throw refusal(Part.CONTENT, content, "holds the " + names(t.parts()) + " part, not the content part");
        }
        if (c.fresh() && t.fresh()) {
            String id = UUID.randomUUID().toString();
            write(config, EnumSet.of(Part.CONFIGURATION), id);
            write(content, EnumSet.of(Part.CONTENT), id);
        } else if (c.fresh()) {
            throw refusal(Part.CONFIGURATION, config, "is missing: it holds no library while DATABASE_URL (" + content.url().masked()
                    + ") holds the content of library " + t.libraryId() + "; point it at that library's configuration part or restore it "
                    + "from its backup ('pharos restore pharos-<time>.dump' restores both parts)");
        } else if (t.fresh()) {
            throw refusal(Part.CONTENT, content, "is missing: it holds no library while PHAROS_CONFIG_DATABASE_URL (" + config.url().masked()
                    + ") holds the configuration of library " + c.libraryId() + "; point it at that library's content part or restore it");
        } else if (c.libraryId() != null && t.libraryId() != null && !c.libraryId().equals(t.libraryId())) {
            throw refusal(Part.CONFIGURATION, config, "belongs to library " + c.libraryId() + " while DATABASE_URL (" + content.url().masked()
                    + ") holds the content of library " + t.libraryId() + ": the two parts must be of one library");
        } else if (c.libraryId() == null || t.libraryId() == null) {   // a part judged by its rows: claim it for its partner's library
            String id = c.libraryId() != null ? c.libraryId() : t.libraryId() != null ? t.libraryId() : UUID.randomUUID().toString();
            if (c0.unclaimed()) write(config, EnumSet.of(Part.CONFIGURATION), id);
            if (t0.unclaimed()) write(content, EnumSet.of(Part.CONTENT), id);
        }
    }

    private void checkSingle(Database db) {
        Claim claim = claim(db);
        if (claim.unclaimed()) {   // new, or from before v009: a whole library
            write(db, EnumSet.allOf(Part.class), UUID.randomUUID().toString());
        } else if (!claim.whole()) {
            Part other = claim.parts().contains(Part.CONTENT) ? Part.CONFIGURATION : Part.CONTENT;
            throw new ConfigurationException(other == Part.CONFIGURATION ? "PHAROS_CONFIG_DATABASE_URL" : "DATABASE_URL",
                    "is needed: DATABASE_URL (" + db.url().masked() + ") holds only the " + names(claim.parts()) + " part of library "
                            + claim.libraryId() + "; set " + other.setting() + " to its " + other.label() + " part's database");
        }
    }

    private static ConfigurationException refusal(Part part, Database db, String what) {
        return new ConfigurationException(part.setting(), "the " + part.label() + " part's database (" + db.url().masked() + ") " + what);
    }

    private static String names(Set<Part> parts) {
        return String.join(" and ", parts.stream().map(Part::label).toList());
    }

    private static Claim claim(Database db) {
        return db.read(h -> {
            Map<String, String> rows = new HashMap<>();
            h.createQuery("SELECT part, library_id FROM library_parts").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> rows.put(e.getKey(), e.getValue()));
            Set<Part> parts = EnumSet.noneOf(Part.class);
            for (String p : rows.keySet()) parts.add(Part.valueOf(p.toUpperCase(java.util.Locale.ROOT)));
            String id = rows.values().stream().findFirst().orElse(null);
            boolean users = h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one() > 0;
            boolean resources = h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one() > 0;
            return new Claim(parts, id, users, resources);
        });
    }

    /** Records that {@code db} holds {@code parts} of library {@code id} (what migrate and restore write too). */
    static void write(Database db, Set<Part> parts, String id) {
        db.writeBookkeeping(h -> {
            h.createUpdate("DELETE FROM library_parts").execute();
            for (Part p : parts) {
                h.createUpdate("INSERT INTO library_parts (part, library_id) VALUES (:part, :id)").bind("part", p.label()).bind("id", id).execute();
            }
            return null;
        });
    }

    /** The parts {@code db} says it holds (empty before its first start). */
    static List<Part> parts(Database db) {
        return List.copyOf(claim(db).parts());
    }

    /**
     * Before {@code pharos migrate --part}: the source must hold {@code part} (a whole library or that part,
     * at schema v009 or later) and the target, when it already holds a part, must be of the same library.
     * Returns the library id the target will record.
     */
    static String checkPartMove(Database source, Database target, Part part) {
        Claim s = claimOrUnknown(source, "--from", part);
        Set<Part> sourceParts = s.unclaimed() ? (s.holdsData() ? EnumSet.allOf(Part.class) : EnumSet.noneOf(Part.class)) : s.parts();
        if (!sourceParts.contains(part)) {
            throw io.pharos.common.InvalidInputException.badRequest("--part", "the source (" + source.url().masked() + ") holds "
                    + (sourceParts.isEmpty() ? "no library" : "only the " + names(sourceParts) + " part") + ", not the " + part.label() + " part");
        }
        Claim t = claimOrUnknown(target, "--to", part);
        String id = s.libraryId() == null ? UUID.randomUUID().toString() : s.libraryId();
        if (!t.unclaimed() && t.libraryId() != null && !t.libraryId().equals(id) && !t.parts().equals(EnumSet.of(part))) {
            throw io.pharos.common.InvalidInputException.badRequest("--to", "the target (" + target.url().masked() + ") holds the "
                    + names(t.parts()) + " part of another library (" + t.libraryId() + "); use an empty target");
        }
        return id;
    }

    /** After {@code pharos migrate --part}: the target holds {@code part} of library {@code id}, with what it held of it before. */
    static Set<Part> recordPartMove(Database target, Part part, String id) {
        Claim t = claim(target);
        Set<Part> parts = EnumSet.of(part);
        if (id.equals(t.libraryId())) parts.addAll(t.parts());
        write(target, parts, id);
        return parts;
    }

    /** The claim of a database that must be at schema v009 or later for a part to move. */
    private static Claim claimOrUnknown(Database db, String option, Part part) {
        try {
            return claim(db);
        } catch (RuntimeException e) {
            throw io.pharos.common.InvalidInputException.badRequest(option, option + " " + db.url().masked() + " has no library_parts table "
                    + "(schema before v009, or no library): upgrade it first ('pharos db upgrade') to move its " + part.label() + " part");
        }
    }
}
