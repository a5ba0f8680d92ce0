/**
 * The command line (picocli): each command parses its options, opens the {@link io.pharos.Library} (or, for
 * backup, restore and migrate, the databases as they are) and calls one service; exit codes are mapped here.
 * Depends on the root and the services it calls; nothing depends on it.
 */
package io.pharos.cli;
