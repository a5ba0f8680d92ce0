package io.pharos.http;

import io.pharos.common.RequestRefusedException;
import io.pharos.common.AlreadyExistsException;
import io.pharos.common.ConfigurationException;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.PreconditionRequiredException;
import io.pharos.common.StaleVersionException;
import io.pharos.common.StillReferencedException;
import io.pharos.common.UnauthorizedException;
import io.pharos.common.UnavailableException;
import io.pharos.backup.BackupFailedException;
import io.pharos.migrate.MigrationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one exception → HTTP status table: every kind of failure, its status and title, and whether its detail is hidden. */
class ProblemsMappingTest {
    @Test
    void every_failure_maps_to_its_status_and_title() {
        assertThat(Problems.mapping(InvalidInputException.field("title", "x"))).isEqualTo(new Problems.Mapping(422, "Invalid field", false));
        assertThat(Problems.mapping(InvalidInputException.badRequest("limit", "x"))).isEqualTo(new Problems.Mapping(400, "Bad request", false));
        assertThat(Problems.mapping(new UnauthorizedException("x"))).isEqualTo(new Problems.Mapping(401, "Unauthorized", false));
        assertThat(Problems.mapping(new ForbiddenException("x"))).isEqualTo(new Problems.Mapping(403, "Forbidden", false));
        assertThat(Problems.mapping(new NotFoundException("x"))).isEqualTo(new Problems.Mapping(404, "Not found", false));
        assertThat(Problems.mapping(new StaleVersionException("x", 3))).isEqualTo(new Problems.Mapping(409, "Version conflict", false));
        assertThat(Problems.mapping(new AlreadyExistsException("slug", "x"))).isEqualTo(new Problems.Mapping(409, "Conflict", false));
        assertThat(Problems.mapping(new StillReferencedException("cascade", "x"))).isEqualTo(new Problems.Mapping(409, "Conflict", false));
        assertThat(Problems.mapping(new PreconditionRequiredException("x"))).isEqualTo(new Problems.Mapping(428, "Version required", false));
        assertThat(Problems.mapping(new UnavailableException("x", null))).isEqualTo(new Problems.Mapping(503, "Service unavailable", false));
        assertThat(Problems.mapping(new ConfigurationException("DATABASE_URL", "x"))).isEqualTo(new Problems.Mapping(500, "Configuration error", true));
        assertThat(Problems.mapping(new MigrationException("x"))).isEqualTo(new Problems.Mapping(500, "Migration failed", true));
        assertThat(Problems.mapping(new BackupFailedException("x"))).isEqualTo(new Problems.Mapping(500, "Backup failed", true));
        assertThat(Problems.mapping(new RequestRefusedException(RequestRefusedException.Reason.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "x")))
                .isEqualTo(new Problems.Mapping(415, "Unsupported media type", false));
        assertThat(Problems.mapping(new RequestRefusedException(RequestRefusedException.Reason.MISDIRECTED, "Host", "x")))
                .isEqualTo(new Problems.Mapping(421, "Misdirected request", false));
        assertThat(Problems.mapping(new RequestRefusedException(RequestRefusedException.Reason.CROSS_SITE, "Origin", "x")))
                .isEqualTo(new Problems.Mapping(403, "Cross-site request refused", false));
        assertThat(Problems.mapping(new RequestRefusedException(RequestRefusedException.Reason.TOO_LARGE, "body", "x")))
                .isEqualTo(new Problems.Mapping(413, "Content too large", false));
        assertThat(Problems.mapping(new RequestRefusedException(RequestRefusedException.Reason.BODY_TIMEOUT, "body", "x")))
                .isEqualTo(new Problems.Mapping(408, "Request timeout", false));
    }
}
