package io.pharos.web;

import io.pharos.collection.Collection;
import io.pharos.resource.Resource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One collection: its owner, this page of members ({@code next}: the cursor of the next page, or null) under
 * the filters given ({@code query}); for its owner ({@code owner}) the collections it may move under
 * ({@code parents}); {@code problem}: why the last change was refused.
 */
public record CollectionView(Page page, Collection collection, String ownerEmail, List<Resource> members, String next,
                             SearchView.Query query, boolean owner, List<Collection> parents, String problem) {

    /** The link to the next page of members, with the same filters. */
    public String nextLink() {
        StringBuilder b = new StringBuilder("/collections/").append(collection.id()).append("?cursor=").append(enc(next));
        query.filters().forEach((k, v) -> b.append('&').append(k).append('=').append(enc(v)));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
