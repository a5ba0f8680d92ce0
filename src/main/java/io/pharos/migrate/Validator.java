package io.pharos.migrate;

import io.pharos.migrate.bulk.BadValueException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Proves a table arrived: the target is read back in full (keyset) and reduced to a row count and a
 * checksum over the canonical form of every row ({@link RowHash}), compared with the checksum of the source
 * rows computed as they were read for the copy (kept in the checkpoint, so a resumed copy still covers
 * every row). Rejected rows are left out of the source's side and counted apart: migrated + rejected must
 * equal the source's row count. On a
 * mismatch the source is walked again and each row looked up by key in the target to name the first
 * differing keys (and the target's extra rows, if any).
 */
final class Validator {
    private static final int SHOWN = 5;

    record Result(String table, long sourceRows, long targetRows, long rejected, String sourceChecksum,
                  String targetChecksum, long bytes, List<String> differences) {
        boolean match() {
            return differences.isEmpty();
        }
    }

    private record Pass(long rows, long skipped, String checksum, long bytes, List<String> unreadable) {}

    private final Endpoint source;
    private final Endpoint target;
    private final int batchSize;

    Validator(Endpoint source, Endpoint target, int batchSize) {
        this.source = source;
        this.target = target;
        this.batchSize = batchSize;
    }

    Result validate(PlannedTable t) {
        Checkpoints.State st = Retry.run("reading the checkpoint of " + t.name(), source, target, () -> {
            try (Connection c = target.reader()) {
                return Checkpoints.get(c, t.name());
            }
        });
        long sourceRows = Retry.run("counting " + t.name(), source, target, () -> {
            try (Connection c = source.reader(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM " + source.bulk().quote(t.name()))) {
                rs.next();
                return rs.getLong(1);
            }
        });
        Pass targetPass = pass(t, target, new TableReader(target.bulk(), t.name(), t.targetColumns(), t.keyIndexes()), Set.of());
        List<String> differences = new ArrayList<>();
        targetPass.unreadable().forEach(k -> differences.add("target row " + k + " holds a value its column type does not allow"));
        if (sourceRows != st.copied() + st.rejected()) {
            differences.add("the source has " + sourceRows + " rows but " + st.copied() + " were copied and " + st.rejected() + " rejected (was the source written to during the migration?)");
        }
        if (targetPass.rows() != st.copied()) differences.add(st.copied() + " rows were copied but the target holds " + targetPass.rows());
        if (!st.checksum().equals(targetPass.checksum()) || !differences.isEmpty()) {
            differences.add("checksums differ: source " + st.checksum() + ", target " + targetPass.checksum());
            Set<String> rejected = Retry.run("reading the rejects of " + t.name(), source, target, () -> {
                try (Connection c = target.reader()) {
                    return Checkpoints.rejectedKeys(c, t.name());
                }
            });
            differences.addAll(locate(t, rejected));
        }
        return new Result(t.name(), sourceRows, targetPass.rows(), st.rejected(), st.checksum(), targetPass.checksum(), targetPass.bytes(), differences);
    }

    /**
     * Compares a table as both sides hold it now (a live migration's cut-over, writes held): each side read
     * in full, the two passes in parallel, counts and checksums compared.
     */
    Result compare(PlannedTable t) {
        java.util.concurrent.CompletableFuture<Pass> sourceSide = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> pass(t, source, new TableReader(source.bulk(), t.name(), t.sourceColumns(), t.keyIndexes()), Set.of()));
        Pass targetPass = pass(t, target, new TableReader(target.bulk(), t.name(), t.targetColumns(), t.keyIndexes()), Set.of());
        Pass sourcePass;
        try {
            sourcePass = sourceSide.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<String> differences = new ArrayList<>();
        sourcePass.unreadable().forEach(k -> differences.add("source row " + k + " holds a value its column type does not allow"));
        targetPass.unreadable().forEach(k -> differences.add("target row " + k + " holds a value its column type does not allow"));
        if (sourcePass.rows() != targetPass.rows()) differences.add("the source has " + sourcePass.rows() + " rows, the target " + targetPass.rows());
        if (!sourcePass.checksum().equals(targetPass.checksum())) {
            differences.add("checksums differ: source " + sourcePass.checksum() + ", target " + targetPass.checksum());
            differences.addAll(locate(t, Set.of()));
        }
        return new Result(t.name(), sourcePass.rows(), targetPass.rows(), 0, sourcePass.checksum(), targetPass.checksum(), targetPass.bytes(), differences);
    }

    private Pass pass(PlannedTable t, Endpoint side, TableReader reader, Set<String> skip) {
        return Retry.run("validating " + t.name(), source, target, () -> {
            RowHash hash = new RowHash(t.types(), t.columnNames());
            RowHash.Sum sum = new RowHash.Sum();
            long skipped = 0;
            List<String> unreadable = new ArrayList<>();
            try (Connection c = side.reader(); Prefetcher batches = new Prefetcher(after -> reader.batch(c, after, batchSize), null)) {
                while (true) {
                    List<TableReader.Row> rows = batches.next();
                    if (rows.isEmpty()) break;
                    for (TableReader.Row r : rows) {
                        if (!skip.isEmpty() && skip.contains(KeyCodec.encodeKey(r.rawKey()))) {
                            skipped++;
                        } else if (r.bad() != null) {
                            if (unreadable.size() < SHOWN) unreadable.add(KeyCodec.encodeKey(r.rawKey()) + " (" + r.bad().getMessage() + ")");
                        } else {
                            sum.add(hashOf(hash, r.values()));
                        }
                    }
                }
            }
            return new Pass(sum.count(), skipped, sum.hex(), hash.bytes(), unreadable);
        });
    }

    private static byte[] hashOf(RowHash hash, Object[] values) {
        try {
            return hash.hash(values);
        } catch (BadValueException e) {
            return new byte[32];   // unreachable: values were read through their column's rule
        }
    }

    /** Names up to five keys that differ: missing from or different in the target, then only in the target. */
    private List<String> locate(PlannedTable t, Set<String> rejected) {
        return Retry.run("locating differences in " + t.name(), source, target, () -> {
            List<String> found = new ArrayList<>();
            TableReader sr = new TableReader(source.bulk(), t.name(), t.sourceColumns(), t.keyIndexes());
            TableReader tr = new TableReader(target.bulk(), t.name(), t.targetColumns(), t.keyIndexes());
            RowHash hash = new RowHash(t.types(), t.columnNames());
            try (Connection s = source.reader(); Connection g = target.reader()) {
                walk(s, g, sr, tr, hash, rejected, found, "target");
                if (found.size() < SHOWN) walk(g, s, tr, sr, hash, Set.of(), found, "source");
            }
            return found;
        });
    }

    private void walk(Connection from, Connection other, TableReader fromReader, TableReader otherReader, RowHash hash,
                      Set<String> skip, List<String> found, String otherName) throws SQLException {
        Object[] after = null;
        HexFormat hex = HexFormat.of();
        while (found.size() < SHOWN) {
            List<TableReader.Row> rows = fromReader.batch(from, after, batchSize);
            if (rows.isEmpty()) return;
            for (TableReader.Row r : rows) {
                if (found.size() >= SHOWN) return;
                String key = KeyCodec.encodeKey(r.rawKey());
                if (skip.contains(key) || r.values() == null) continue;
                TableReader.Row o = otherReader.byKey(other, fromReader.logicalKey(r.values()));
                if (o == null) {
                    found.add("key " + key + " is missing from the " + otherName);
                } else if (o.values() == null || !hex.formatHex(hashOf(hash, r.values())).equals(hex.formatHex(hashOf(hash, o.values())))) {
                    if (otherName.equals("target")) found.add("key " + key + " differs between source and target");
                }
            }
            after = rows.get(rows.size() - 1).rawKey();
        }
    }
}
