package io.pharos.migrate;

import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.ForeignKeyDef;
import io.pharos.migrate.bulk.TableDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which tables to copy and in what order, from the two catalogues: tables matched by name, columns matched
 * by name with the logical type taken from the precise (PostgreSQL) side, and an order in which every
 * table comes after the tables its foreign keys reference (Kahn's algorithm, ties by name). A foreign key
 * of a table to itself does not constrain the order: such tables load with the check suspended and are
 * checked for dangling references once complete.
 */
final class MigrationPlan {
    private MigrationPlan() {}

    static List<PlannedTable> build(List<TableDef> source, List<TableDef> target, List<String> only, List<String> exclude) {
        Map<String, TableDef> targets = new LinkedHashMap<>();
        target.forEach(t -> targets.put(t.name(), t));
        Map<String, TableDef> sources = new LinkedHashMap<>();
        source.forEach(t -> sources.put(t.name(), t));
        for (String name : concat(only, exclude)) {
            if (!sources.containsKey(name)) throw new MigrationException("--tables/--exclude: the source has no table '" + name + "' (tables: " + sources.keySet() + ")");
        }
        List<PlannedTable> planned = new ArrayList<>();
        for (TableDef s : source) {
            if (!only.isEmpty() && !only.contains(s.name())) continue;
            if (exclude.contains(s.name())) continue;
            TableDef t = targets.get(s.name());
            if (t == null) throw new MigrationException("the target has no table '" + s.name() + "' after its schema upgrade: the two libraries' schemas differ");
            planned.add(match(s, t));
        }
        return order(planned);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static PlannedTable match(TableDef s, TableDef t) {
        if (s.primaryKey().isEmpty()) {
            throw new MigrationException("table '" + s.name() + "' has no primary key (nor a unique index over NOT NULL columns): migrate reads tables in key order and needs one");
        }
        List<ColumnDef> sc = new ArrayList<>();
        List<ColumnDef> tc = new ArrayList<>();
        for (ColumnDef c : s.columns()) {
            ColumnDef other = t.column(c.name()).orElseThrow(() -> new MigrationException(
                    "column " + s.name() + "." + c.name() + " exists in the source but not in the target"));
            ColumnDef decides = other.precise() || !c.precise() ? other : c;
            sc.add(c.withTypeOf(decides));
            tc.add(other.withTypeOf(decides));
        }
        for (ColumnDef c : t.columns()) {
            if (s.column(c.name()).isEmpty()) throw new MigrationException("column " + t.name() + "." + c.name() + " exists in the target but not in the source");
        }
        int[] key = new int[s.primaryKey().size()];
        for (int i = 0; i < key.length; i++) {
            String k = s.primaryKey().get(i);
            key[i] = sc.indexOf(sc.stream().filter(c -> c.name().equals(k)).findFirst().orElseThrow());
        }
        return new PlannedTable(s.name(), s, t, sc, tc, key, t.foreignKeys());
    }

    /** Topological order by foreign keys; a cycle between different tables is refused, naming them. */
    static List<PlannedTable> order(List<PlannedTable> tables) {
        Map<String, PlannedTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        for (PlannedTable t : tables) {
            Set<String> deps = new TreeSet<>();
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (!fk.refTable().equals(t.name()) && byName.containsKey(fk.refTable())) deps.add(fk.refTable());
            }
            needs.put(t.name(), deps);
        }
        List<PlannedTable> ordered = new ArrayList<>();
        TreeSet<String> ready = new TreeSet<>();
        needs.forEach((n, d) -> { if (d.isEmpty()) ready.add(n); });
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            ordered.add(byName.get(next));
            needs.remove(next);
            needs.forEach((n, d) -> { if (d.remove(next) && d.isEmpty()) ready.add(n); });
        }
        if (!needs.isEmpty()) throw new MigrationException("foreign keys form a cycle between tables " + needs.keySet() + "; migrate cannot order them");
        return ordered;
    }
}
