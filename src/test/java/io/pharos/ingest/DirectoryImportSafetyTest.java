package io.pharos.ingest;

import io.pharos.db.Database;
import io.pharos.testing.Cli;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pharos import DIR} reads only the folder's own regular text files: links out of the folder,
 * special files and binary content are skipped with a reason in the summary, and never stored.
 */
class DirectoryImportSafetyTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    private List<String> contents() {
        try (Database db = Database.open(testDb.settings())) {
            return db.read(h -> h.createQuery("SELECT COALESCE(content, '') || ' ' || title FROM resources").mapTo(String.class).list());
        }
    }

    private List<String> sources() {
        try (Database db = Database.open(testDb.settings())) {
            return db.read(h -> h.createQuery("SELECT source FROM resources ORDER BY source").mapTo(String.class).list());
        }
    }

    @Test
    void links_out_of_the_folder_special_files_and_binary_files_are_skipped_and_counted() throws Exception {
        Path root = testDb.dir().resolve("attack");
        Path dir = Files.createDirectories(root.resolve("docs"));
        Path outside = Files.writeString(root.resolve("secret.txt"), "outside-canary-word");
        Files.writeString(dir.resolve("plain.md"), "# Plain\n\nA lighthouse keeper's notes.\n");
        Files.createSymbolicLink(dir.resolve("environ.txt"), Path.of("/proc/self/environ"));
        Files.createSymbolicLink(dir.resolve("secret.md"), outside);
        Files.createSymbolicLink(dir.resolve("again.md"), dir.resolve("plain.md"));
        Files.write(dir.resolve("blob.txt"), new byte[] {'a', 'b', 0, 'c', 0, 0, 7});
        byte[] latin = new byte[400];
        for (int i = 0; i < latin.length; i++) latin[i] = (byte) (0x80 + (i % 0x40));
        Files.write(dir.resolve("latin.txt"), latin);
        Files.writeString(dir.resolve("picture.png"), "not a document");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.txt").toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();

        Cli.Run run = Cli.run("import", dir.toString(), "--no-progress", "--database-url", testDb.url());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 files: 1 created, 0 updated, 0 unchanged, 0 failed, 7 skipped (")
                .contains("skipped environ.txt: symbolic link")
                .contains("skipped secret.md: symbolic link")
                .contains("skipped again.md: symbolic link")
                .contains("skipped pipe.txt: not a regular file")
                .contains("skipped picture.png: unsupported extension")
                .contains("skipped blob.txt: binary (NUL bytes)")
                .contains("skipped latin.txt: binary (mostly invalid UTF-8)");
        assertThat(sources()).containsExactly("plain.md");
        assertThat(String.join("\n", contents())).doesNotContain("outside-canary-word").doesNotContain("PATH=")
                .doesNotContain(testDb.url());
    }

    @Test
    void follow_links_reads_links_inside_the_folder_but_never_out_of_it() throws Exception {
        Path root = testDb.dir().resolve("links");
        Path dir = Files.createDirectories(root.resolve("docs"));
        Path outside = Files.writeString(root.resolve("private.txt"), "outside-private-word");
        Files.createDirectories(dir.resolve("real"));
        Files.writeString(dir.resolve("real/chapter.md"), "# Chapter\n\nInside the folder.\n", StandardCharsets.UTF_8);
        Files.createSymbolicLink(dir.resolve("alias.md"), dir.resolve("real/chapter.md"));
        Files.createSymbolicLink(dir.resolve("private.md"), outside);
        Files.createSymbolicLink(dir.resolve("environ.md"), Path.of("/proc/self/environ"));

        Cli.Run run = Cli.run("import", dir.toString(), "--follow-links", "--no-progress", "--database-url", testDb.url());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("skipped private.md: symbolic link out of the folder")
                .contains("skipped environ.md: symbolic link out of the folder");
        assertThat(sources()).contains("alias.md", "real/chapter.md").doesNotContain("private.md", "environ.md");
        assertThat(String.join("\n", contents())).doesNotContain("outside-private-word").doesNotContain("PATH=");
    }
}
