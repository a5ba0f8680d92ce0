package io.pharos.common;

/**
 * The one unchecked exception root. Each subclass is named for what failed, never for a protocol:
 * {@code http.Problems} maps them to HTTP statuses (RFC 9457 problem details) and {@code cli.ExitCodes} to
 * exit codes, each with an exhaustive switch over this sealed hierarchy. A feature's own failure (a migration,
 * a backup) extends {@link OperationFailedException}.
 */
public abstract sealed class PharosException extends RuntimeException
        permits NotFoundException, InvalidInputException, StaleVersionException, PreconditionRequiredException,
                AlreadyExistsException, StillReferencedException, UnauthorizedException, ForbiddenException,
                UnavailableException, ConfigurationException, OperationFailedException, RequestRefusedException {

    protected PharosException(String message) {
        super(message);
    }

    protected PharosException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The request field, parameter, option or setting at fault, or null. */
    public String field() {
        return null;
    }
}
