package io.pharos.migrate.bulk;

import java.util.List;
import java.util.Optional;

/** A base table from a catalogue: columns in declaration order (derived columns left out), key, foreign keys. */
public record TableDef(String name, List<ColumnDef> columns, List<String> primaryKey, List<ForeignKeyDef> foreignKeys) {

    public Optional<ColumnDef> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
