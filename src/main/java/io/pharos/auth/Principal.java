package io.pharos.auth;

import io.javalin.http.Context;
import io.pharos.common.UnauthorizedException;

/** Who is calling: put on every {@code /api} request by {@link Authenticator}; routes read it with {@link #of}. */
public record Principal(UserId userId, Role role) {
    static final String ATTRIBUTE = "pharos.principal";

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public static Principal of(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        if (p == null) throw new UnauthorizedException("send an API key as 'Authorization: Bearer <key>'");
        return p;
    }
}
