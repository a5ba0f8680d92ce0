package io.pharos.auth;

import java.util.Map;

/**
 * A user just created, with what they adopted from the implied local owner: {@code adopted} is null when
 * they adopted nothing (not the first admin, nor asked to), else the rows moved per kind (zero counts included).
 */
public record NewUser(User user, Map<String, Integer> adopted) {
    public boolean adoptedLocalData() {
        return adopted != null;
    }

    /** "2 collections, 0 annotations, …" for command output. */
    public String adoptedSummary() {
        if (adopted == null) return "";
        StringBuilder s = new StringBuilder();
        adopted.forEach((what, n) -> s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(what));
        return s.toString();
    }
}
