package io.pharos.cli;

/** The program's entry point: {@code java -jar pharos.jar COMMAND ...}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(PharosCommand.run(args));
    }
}
