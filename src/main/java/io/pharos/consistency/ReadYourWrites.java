package io.pharos.consistency;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.auth.Authenticator;
import io.pharos.auth.Principal;
import io.pharos.common.InvalidInputException;
import io.pharos.db.CommitPosition;
import io.pharos.db.ReadConsistency;

import java.util.Optional;

/**
 * Binds each authenticated request's {@link ReadConsistency}: its reads need the later of the
 * {@code Pharos-Min-LSN} request header and the caller's last write on this instance ({@link LastWrites}).
 * After a request whose writes recorded a commit position (only with read replicas), the response carries it
 * as {@code Pharos-Commit-LSN} and this instance remembers it for the caller. A client behind a load balancer
 * sends back the highest {@code Pharos-Commit-LSN} it has received as {@code Pharos-Min-LSN}, and never reads
 * anything older than its own writes, whichever instance answers.
 *
 * <p>Requests without a caller (health, metrics) bind nothing: their reads go to the primary. Registered
 * after the {@link Authenticator}, so looking up the key reads from the primary too.
 */
public final class ReadYourWrites {
    /** Response header: the commit position of the request's writes. */
    public static final String COMMIT_HEADER = "Pharos-Commit-LSN";
    /** Request header: the position the request's reads must see (the highest {@value #COMMIT_HEADER} received). */
    public static final String MIN_HEADER = "Pharos-Min-LSN";
    private static final String SCOPE = "pharos.read-consistency";

    private final LastWrites lastWrites = new LastWrites();

    public void register(Javalin app) {
        app.before(this::bind);
        app.after(this::report);
    }

    private void bind(Context ctx) {
        Optional<Principal> caller = Authenticator.callerIfAny(ctx);
        if (caller.isEmpty()) return;
        CommitPosition needed = asked(ctx.header(MIN_HEADER)).max(lastWrites.of(caller.get().userId()));
        ReadConsistency consistency = ReadConsistency.atLeast(needed);
        ctx.attribute(SCOPE, new Bound(consistency, consistency.bind()));
    }

    private static CommitPosition asked(String header) {
        if (header == null || header.isBlank()) return CommitPosition.NONE;
        try {
            return CommitPosition.parse(header);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.badRequest(MIN_HEADER, "expected a commit position as sent in " + COMMIT_HEADER
                    + " (two hexadecimal numbers, e.g. 0/3000148), got '" + io.pharos.common.LogSafe.text(header.length() > 40 ? header.substring(0, 40) + "…" : header) + "'");
        }
    }

    private void report(Context ctx) {
        Bound bound = ctx.attribute(SCOPE);
        if (bound == null) return;
        bound.scope().close();
        CommitPosition committed = bound.consistency().committed();
        if (committed.isNone()) return;
        ctx.header(COMMIT_HEADER, committed.toString());
        Authenticator.callerIfAny(ctx).ifPresent(p -> lastWrites.wrote(p.userId(), committed));
    }

    private record Bound(ReadConsistency consistency, ReadConsistency.Scope scope) {}
}
