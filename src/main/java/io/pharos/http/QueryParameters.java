package io.pharos.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.pharos.common.InvalidInputException;
import io.pharos.common.RequestRefusedException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The query parameters a route takes, declared where it is registered
 * ({@code app.get(path, handler, QueryParameters.of("limit", "cursor"))}); a route declaring none takes none.
 * {@link #check}, one before-handler for every route, refuses a parameter the route does not take and one given
 * more than once, each a 400 naming the parameter: a misspelt filter must not silently return everything.
 */
public record QueryParameters(Set<String> names) implements RouteRole {
    public QueryParameters {
        names = Set.copyOf(names);
    }

    public static QueryParameters of(String... names) {
        return new QueryParameters(Set.of(names));
    }

    /** These parameters and {@code more}. */
    public QueryParameters and(Set<String> more) {
        return new QueryParameters(Stream.concat(names.stream(), more.stream()).collect(Collectors.toSet()));
    }

    public QueryParameters and(String... more) {
        return and(Set.of(more));
    }

    /** What a matched route declared (nothing when it declared no parameters). */
    static Set<String> declared(Set<RouteRole> roles) {
        return roles.stream().filter(QueryParameters.class::isInstance).map(QueryParameters.class::cast)
                .flatMap(p -> p.names().stream()).collect(Collectors.toSet());
    }

    /** A before-handler for matched routes. */
    static void check(Context ctx) {
        Map<String, List<String>> given = ctx.queryParamMap();
        if (given.isEmpty()) return;
        Set<String> allowed = declared(ctx.routeRoles());
        for (var e : given.entrySet()) {
            String name = RequestRefusedException.printable(e.getKey());
            if (!allowed.contains(e.getKey())) {
                throw InvalidInputException.badRequest(name, "is not a parameter of " + ctx.method() + " " + RequestRefusedException.printable(ctx.path())
                        + (allowed.isEmpty() ? ", which takes none" : "; it takes " + String.join(", ", new TreeSet<>(allowed))));
            }
            if (e.getValue().size() > 1) {
                throw InvalidInputException.badRequest(name, "is given " + e.getValue().size() + " times; give each parameter once");
            }
        }
    }
}
