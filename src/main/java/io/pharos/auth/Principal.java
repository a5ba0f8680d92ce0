package io.pharos.auth;

/** Who is calling: put on every {@code /api} request by {@link Authenticator}; routes read it with {@link Authenticator#caller}. */
public record Principal(UserId userId, Role role) {
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
