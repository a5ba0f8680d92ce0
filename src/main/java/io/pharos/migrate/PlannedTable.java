package io.pharos.migrate;

import io.pharos.migrate.bulk.ColumnDef;
import io.pharos.migrate.bulk.ColumnType;
import io.pharos.migrate.bulk.ForeignKeyDef;
import io.pharos.migrate.bulk.TableDef;

import java.util.List;

/**
 * One table to copy: the source's and the target's view of the same columns (same names, same order, one
 * logical type each), the primary key (indexes into the columns) and the target's foreign keys.
 */
record PlannedTable(String name, TableDef source, TableDef target, List<ColumnDef> sourceColumns,
                    List<ColumnDef> targetColumns, int[] keyIndexes, List<ForeignKeyDef> foreignKeys) {

    List<String> columnNames() {
        return sourceColumns.stream().map(ColumnDef::name).toList();
    }

    List<ColumnType> types() {
        return sourceColumns.stream().map(ColumnDef::type).toList();
    }

    List<String> keyNames() {
        return java.util.Arrays.stream(keyIndexes).mapToObj(i -> sourceColumns.get(i).name()).toList();
    }

    boolean selfReferencing() {
        return foreignKeys.stream().anyMatch(f -> f.refTable().equals(name));
    }
}
