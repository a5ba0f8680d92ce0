package io.pharos.db;

import java.util.List;

/**
 * The two parts of a library's data. With {@code PHAROS_CONFIG_DATABASE_URL} empty both live in the one
 * database of {@code DATABASE_URL}; set, the configuration part lives in that (SQLite) database and the
 * content part in {@code DATABASE_URL}'s. Each feature declares which part its tables belong to
 * ({@link Tables}); {@link Databases} hands every store the database of its part.
 */
public enum Part {
    /** Who may do what and what they asked for: users, API keys, monitors. */
    CONFIGURATION("PHAROS_CONFIG_DATABASE_URL"),
    /** The library itself: resources, chunks, collections, annotations, taxonomy, citations, interactions, alerts, search data. */
    CONTENT("DATABASE_URL");

    private final String setting;

    Part(String setting) {
        this.setting = setting;
    }

    /** The setting naming this part's database in a split deployment. */
    public String setting() { return setting; }

    /** Lower-case name as shown in reports and health documents. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The tables a feature owns and the part they belong to (declared next to the feature's stores). */
    public record Tables(Part part, List<String> names) {
        public Tables {
            names = List.copyOf(names);
        }

        public static Tables of(Part part, String... names) {
            return new Tables(part, List.of(names));
        }
    }

    /**
     * A reference from a table of one part to a row of the other (an owner id on a collection, the user of an
     * alert): no foreign key can hold it in a split deployment, so the application keeps it valid and
     * {@code pharos db check} reports any that dangle.
     *
     * @param table the referencing table, in {@code from}'s part
     * @param column its column holding the id
     * @param target the referenced table, in the other part
     */
    public record CrossReference(Part from, String table, String column, String target) {}
}
