package io.pharos.web;

import io.pharos.collection.Collection;

import java.util.List;

/** The collections the caller may see; after a refused create: why ({@code problem}) and the typed name and visibility. */
public record CollectionsView(Page page, List<Collection> collections, String next, String problem, String name, String visibility) {
    public static final List<String> VISIBILITIES = List.of("private", "shared", "public");

    /** The link to the next page of collections. */
    public String nextLink() {
        return "/collections?cursor=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8);
    }
}
