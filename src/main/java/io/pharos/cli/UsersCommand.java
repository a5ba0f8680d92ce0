package io.pharos.cli;

import io.pharos.auth.NewUser;
import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.auth.UserService;
import io.pharos.Library;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;


@Command(name = "users", mixinStandardHelpOptions = true, description = "Create, list, disable, enable users and change their role.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class, UsersCommand.SetRole.class})
final class UsersCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Create a user (then give them a key with 'pharos keys create').",
            "The first admin adopts what was made before any user existed (the implied local owner's collections, "
                    + "annotations, interactions and keys); --adopt-local makes a later admin adopt what the local owner made since."})
    static final class Create implements Runnable {
        @Mixin DatabaseOptions database;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name.") String name;
        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Email address (unique).") String email;
        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "user", description = "admin or user (default user).") String role;
        @Option(names = "--adopt-local", description = "Give this admin the implied local owner's data (needs --role admin).") boolean adoptLocal;

        @Override public void run() {
            Role r = Role.parse(role, "--role");
            OptionChecks.notBoth("--adopt-local", adoptLocal && r != Role.ADMIN, "--role " + role + " (it needs --role admin)", true);
            OptionChecks.asOptions(Map.of("name", "--name", "email", "--email", "role", "--role"),
                    () -> UserService.checkNewUser(name, email, r, adoptLocal));
            try (Library library = database.openLibrary()) {
                NewUser created = library.users().create(name, email, r, adoptLocal);
                User u = created.user();
                System.out.println("created user " + u.id() + " " + u.email() + " (" + u.role().wire() + ")");
                if (created.adoptedLocalData()) {
                    System.out.println(u.email() + " adopted what the local owner made without a key: " + created.adoptedSummary());
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers implements Runnable {
        @Mixin DatabaseOptions database;

        @Override public void run() {
            try (Library library = database.openLibrary()) {
                for (User u : library.users().listUsers()) {
                    System.out.printf("%s  %-6s %-8s %-32s %s%n", u.id(), u.role().wire(), u.disabled() ? "disabled" : "enabled", u.email(), u.name());
                }
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a user: their keys stop working at once (401).")
    static final class Disable implements Runnable {
        @Mixin DatabaseOptions database;
        @Parameters(paramLabel = "EMAIL|ID", description = "The user.") String user;

        @Override public void run() {
            try (Library library = database.openLibrary()) {
                UserService users = library.users();
                User u = users.setDisabled(users.userByIdOrEmail(user).id(), true);
                System.out.println("disabled user " + u.email() + " since " + u.disabledAt() + ": their keys answer 401");
            }
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user again: their unrevoked keys work again.")
    static final class Enable implements Runnable {
        @Mixin DatabaseOptions database;
        @Parameters(paramLabel = "EMAIL|ID", description = "The user.") String user;

        @Override public void run() {
            try (Library library = database.openLibrary()) {
                UserService users = library.users();
                User u = users.setDisabled(users.userByIdOrEmail(user).id(), false);
                System.out.println("enabled user " + u.email());
            }
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Change a user's role (from their next request on).")
    static final class SetRole implements Runnable {
        @Mixin DatabaseOptions database;
        @Parameters(index = "0", paramLabel = "EMAIL|ID", description = "The user.") String user;
        @Parameters(index = "1", paramLabel = "ROLE", description = "admin or user.") String role;

        @Override public void run() {
            Role r = Role.parse(role, "ROLE");
            try (Library library = database.openLibrary()) {
                UserService users = library.users();
                User u = users.setRole(users.userByIdOrEmail(user).id(), r);
                System.out.println("user " + u.email() + " is now " + u.role().wire());
            }
        }
    }
}
