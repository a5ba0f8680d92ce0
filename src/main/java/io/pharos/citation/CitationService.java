package io.pharos.citation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.AlreadyExistsException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.common.NotFoundException;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Citations between resources and the citation neighbourhood of a resource. */
public final class CitationService {
    static final int CONTEXT_MAX = 10_000;
    public static final int MAX_DEPTH = 3;
    private static final Set<String> FIELDS = Set.of("target_resource_id", "citation_type", "context", "confidence");

    private final Database database;
    private final CitationStore store = new CitationStore();
    private final ResourceLookup resources;
    private final Clock clock;

    public CitationService(Database database, ResourceLookup resources, Clock clock) {
        this.database = database;
        this.resources = resources;
        this.clock = clock;
    }

    public Citation create(ResourceId source, JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        UUID target = in.uuid("target_resource_id");
        if (target == null) throw InvalidInputException.field("target_resource_id", "is required");
        if (target.equals(source.value())) throw InvalidInputException.field("target_resource_id", "must not be the citing resource itself");
        String type = in.string("citation_type", 16);
        Citation c = new Citation(CitationId.random(), source, new ResourceId(target),
                type == null ? CitationType.CITES : CitationType.parse(type, "citation_type"),
                in.string("context", CONTEXT_MAX), in.number("confidence", 0.0, 1.0), now());
        return database.write(h -> {
            resources.require(h, source);
            if (resources.existing(h, List.of(c.targetResourceId())).isEmpty()) {
                throw InvalidInputException.field("target_resource_id", "no resource with id " + target);
            }
            if (!store.insert(h, c)) {
                throw new AlreadyExistsException("target_resource_id", "resource " + source + " already " + c.citationType().wire() + " " + target);
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
