package io.pharos.citation;

import io.pharos.resource.ResourceId;

import java.util.List;

/** The neighbourhood of a resource: resources within {@code depth} citation hops (either direction) and the links among them. */
public record CitationGraph(ResourceId root, int depth, List<Node> nodes, List<Citation> edges) {
    public record Node(ResourceId id, String title, String type, int distance) {}
}
