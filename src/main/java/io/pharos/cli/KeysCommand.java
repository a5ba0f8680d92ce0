package io.pharos.cli;

import io.pharos.auth.ApiKey;
import io.pharos.auth.ApiKeyId;
import io.pharos.auth.NewApiKey;
import io.pharos.auth.User;
import io.pharos.auth.UserService;
import io.pharos.Library;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;


@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API key for a user. The key is printed once and stored only as a hash.")
    static final class Create implements Runnable {
        @Mixin DatabaseOptions database;
        @Option(names = "--user", required = true, paramLabel = "EMAIL|ID", description = "The key's owner.") String user;
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "cli", description = "What the key is for (default cli).") String name;

        @Override public void run() {
            OptionChecks.asOptions(Map.of("name", "--name"), () -> UserService.checkKeyName(name));
            try (Library library = database.openLibrary()) {
                UserService users = library.users();
                User owner = users.userByIdOrEmail(user);
                NewApiKey k = users.createKey(owner.id(), name);
                System.out.println("key id " + k.apiKey().id() + " for " + owner.email());
                System.out.println(k.key());
                System.out.println("(shown once: store it now; send it as 'Authorization: Bearer <key>')");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys with their owner's email (never their text).")
    static final class ListKeys implements Runnable {
        @Mixin DatabaseOptions database;
        @Option(names = "--user", paramLabel = "EMAIL|ID", description = "Only this user's keys.") String user;

        @Override public void run() {
            try (Library library = database.openLibrary()) {
                UserService users = library.users();
                var owner = user == null ? null : users.userByIdOrEmail(user).id();
                for (ApiKey k : users.listKeys(owner)) {
                    System.out.printf("%s  %-32s %-8s %-20s created %s  last used %s%n", k.id(), k.userEmail(),
                            k.revoked() ? "revoked" : "active", k.name(), k.createdAt(), k.lastUsedAt() == null ? "never" : k.lastUsedAt());
                }
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key; it stops working at once.")
    static final class Revoke implements Runnable {
        @Mixin DatabaseOptions database;
        @Parameters(paramLabel = "KEY_ID", description = "The key's id (see 'pharos keys list').") String id;

        @Override public void run() {
            ApiKeyId key = ApiKeyId.param(id, "KEY_ID");
            try (Library library = database.openLibrary()) {
                ApiKey k = library.users().revokeKey(key, null);
                System.out.println("revoked key " + k.id() + " at " + k.revokedAt());
            }
        }
    }
}
