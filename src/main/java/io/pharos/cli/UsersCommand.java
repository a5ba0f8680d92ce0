package io.pharos.cli;

import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.Library;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


@Command(name = "users", mixinStandardHelpOptions = true, description = "Create and list users.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class})
final class UsersCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user (then give them a key with 'pharos keys create').")
    static final class Create implements Runnable {
        @Mixin DatabaseOptions database;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name.") String name;
        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Email address (unique).") String email;
        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "user", description = "admin or user (default user).") String role;

        @Override public void run() {
            try (Library library = database.openLibrary()) {
                User u = library.users().createUser(name, email, Role.parse(role, "--role"));
                System.out.println("created user " + u.id() + " " + u.email() + " (" + u.role().wire() + ")");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers implements Runnable {
        @Mixin DatabaseOptions database;

        @Override public void run() {
            try (Library library = database.openLibrary()) {
                for (User u : library.users().listUsers()) {
                    System.out.printf("%s  %-6s %-32s %s%n", u.id(), u.role().wire(), u.email(), u.name());
                }
            }
        }
    }
}
