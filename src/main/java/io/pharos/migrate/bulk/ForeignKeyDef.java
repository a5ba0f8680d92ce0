package io.pharos.migrate.bulk;

import java.util.List;

/** A foreign key: {@code columns} of the owning table reference {@code refColumns} of {@code refTable}. */
public record ForeignKeyDef(List<String> columns, String refTable, List<String> refColumns) {
}
