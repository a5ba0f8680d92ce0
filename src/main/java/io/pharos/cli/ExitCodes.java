package io.pharos.cli;

import io.pharos.common.AlreadyExistsException;
import io.pharos.common.ConfigurationException;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.OperationFailedException;
import io.pharos.common.PharosException;
import io.pharos.common.PreconditionRequiredException;
import io.pharos.common.RequestRefusedException;
import io.pharos.common.StaleVersionException;
import io.pharos.common.StillReferencedException;
import io.pharos.common.UnauthorizedException;
import io.pharos.common.UnavailableException;
import picocli.CommandLine;

/** The one mapping from what failed to the process exit code (the README's "Exit codes" table). */
final class ExitCodes {
    static final int OK = 0;
    /** An unexpected failure (a bug, an I/O error), or some items of an import failed. */
    static final int FAILURE = 1;
    /** Usage or settings: a bad option or argument, invalid input, a misconfigured setting. */
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int MIGRATION_FAILED = 3;
    /** A backup or a restore failed (including a refused restore target). */
    static final int BACKUP_FAILED = 4;
    /** The database cannot be reached or cannot serve now (busy, timed out): retrying may help. */
    static final int UNAVAILABLE = 5;
    /** The library's contents refuse it: not found, already exists, still referenced, stale version, not allowed. */
    static final int REFUSED = 6;

    private ExitCodes() {}

    /** Exhaustive over the sealed {@link PharosException}: a new kind of failure cannot be forgotten here. */
    static int of(PharosException e) {
        return switch (e) {
            case InvalidInputException i -> USAGE;
            case ConfigurationException c -> USAGE;
            case OperationFailedException o -> switch (o.operation()) {
                case MIGRATION -> MIGRATION_FAILED;
                case BACKUP -> BACKUP_FAILED;
            };
            case UnavailableException u -> UNAVAILABLE;
            case NotFoundException n -> REFUSED;
            case AlreadyExistsException a -> REFUSED;
            case StillReferencedException s -> REFUSED;
            case StaleVersionException s -> REFUSED;
            case PreconditionRequiredException p -> REFUSED;
            case UnauthorizedException u -> REFUSED;
            case ForbiddenException f -> REFUSED;
            case RequestRefusedException r -> REFUSED;
        };
    }
}
