package io.pharos.migrate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Builds reject records: the table, the row's key, the column and reason, and the whole row. */
final class Rejects {
    private Rejects() {}

    static Checkpoints.Reject of(String table, List<String> columns, List<String> keyNames, Object[] rawKey, Object[] row,
                                 String column, String reason) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("table", table);
        ObjectNode key = r.putObject("key");
        key.setAll(KeyCodec.row(keyNames, rawKey));
        if (column != null) r.put("column", column);
        r.put("reason", reason);
        r.set("row", KeyCodec.row(columns, row));
        return new Checkpoints.Reject(table, KeyCodec.encodeKey(rawKey), column, reason, r.toString());
    }
}
