package io.pharos.testing;

import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.auth.UserService;


/** Creates users with API keys on a test server's library; returns a client that sends the key. */
public final class TestUsers {
    private TestUsers() {}

    public record Caller(User user, String key, Api api) {
        public String id() {
            return user.id().toString();
        }
    }

    public static Caller create(TestServer server, String name, Role role) {
        UserService users = server.pharos().library().users();
        User u = users.createUser(name, name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.org", role);
        String key = users.createKey(u.id(), "test").key();
        return new Caller(u, key, new Api(server.pharos().port(), key));
    }
}
