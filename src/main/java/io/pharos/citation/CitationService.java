package io.pharos.citation;

import io.pharos.common.AlreadyExistsException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Citations between resources and the citation neighbourhood of a resource. */
public final class CitationService {
    /** Citations are content. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "citations");

    public static final int MAX_DEPTH = 3;

    private final Database database;
    private final CitationStore store = new CitationStore();
    private final ResourceLookup resources;
    private final Clock clock;

    public CitationService(Database database, ResourceLookup resources, Clock clock) {
        this.database = database;
        this.resources = resources;
        this.clock = clock;
    }

    public Citation create(ResourceId source, CitationInput in) {
        Citation c = new Citation(CitationId.random(), source, in.target(), in.type(), in.context(), in.confidence(), now());
        return database.write(h -> {
            resources.require(h, source);
            if (resources.existing(h, List.of(c.targetResourceId())).isEmpty()) {
                throw InvalidInputException.field("target_resource_id", "no resource with id " + in.target());
            }
            if (!store.insert(h, c)) {
                throw new AlreadyExistsException("target_resource_id", "resource " + source + " already " + c.citationType().wire() + " " + in.target());
            }
            return c;
        });
    }

    public record Links(List<Citation> outgoing, List<Citation> incoming) {}

    public Links links(ResourceId r) {
        return database.read(h -> {
            resources.require(h, r);
            return new Links(store.outgoing(h, r), store.incoming(h, r));
        });
    }

    public void delete(CitationId id) {
        if (!database.write(h -> store.delete(h, id))) throw new NotFoundException("no citation with id " + id);
    }

    public CitationGraph graph(ResourceId root, int depth) {
        return database.read(h -> {
            resources.require(h, root);
            List<CitationGraph.Node> nodes = store.neighbourhood(h, root, depth);
            return new CitationGraph(root, depth, nodes, store.among(h, nodes.stream().map(CitationGraph.Node::id).toList()));
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
