package io.pharos.resource;

/**
 * What names a resource apart from its id, for imports of lines without one: its DOI, else its
 * identifier, else its source. A line whose key a resource already has updates that resource, so a
 * re-run (or resumed) import never duplicates.
 */
record NaturalKey(Kind kind, String value) {

    enum Kind {
        DOI, IDENTIFIER, SOURCE
    }

    /** The key of {@code in}, or null when it has none of the three. */
    static NaturalKey of(ResourceInput in) {
        if (in.doi() != null && !in.doi().isBlank()) return new NaturalKey(Kind.DOI, in.doi());
        if (in.identifier() != null && !in.identifier().isBlank()) return new NaturalKey(Kind.IDENTIFIER, in.identifier());
        if (in.source() != null && !in.source().isBlank()) return new NaturalKey(Kind.SOURCE, in.source());
        return null;
    }
}
