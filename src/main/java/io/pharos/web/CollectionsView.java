package io.pharos.web;

import io.pharos.collection.Collection;
import io.pharos.collection.CollectionId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collections the caller may see, as a tree ({@code more}: there were more than the page shows); after a
 * refused create: why ({@code problem}) and the typed name and visibility.
 */
public record CollectionsView(Page page, List<Row> rows, boolean more, String problem, String name, String visibility) {
    public static final List<String> VISIBILITIES = List.of("private", "shared", "public");

    /** A collection at its depth in the tree (0: at the top, or its parent is not one the caller may see). */
    public record Row(Collection collection, int depth) {}

    /** {@code all} in tree order: each collection followed by its children, by name. */
    static List<Row> tree(List<Collection> all) {
        Set<CollectionId> seen = new HashSet<>();
        all.forEach(c -> seen.add(c.id()));
        Map<CollectionId, List<Collection>> children = new LinkedHashMap<>();
        List<Collection> roots = new ArrayList<>();
        for (Collection c : all) {
            if (c.parentId() == null || !seen.contains(c.parentId())) roots.add(c);
            else children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
        }
        List<Row> rows = new ArrayList<>();
        Set<CollectionId> placed = new HashSet<>();
        add(roots, 0, children, rows, placed);
        return rows;
    }

    private static void add(List<Collection> level, int depth, Map<CollectionId, List<Collection>> children, List<Row> rows, Set<CollectionId> placed) {
        level.sort(Comparator.comparing(Collection::name, String.CASE_INSENSITIVE_ORDER));
        for (Collection c : level) {
            if (!placed.add(c.id())) continue;
            rows.add(new Row(c, depth));
            add(children.getOrDefault(c.id(), new ArrayList<>()), depth + 1, children, rows, placed);
        }
    }
}
