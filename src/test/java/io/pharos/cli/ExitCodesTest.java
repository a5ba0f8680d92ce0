package io.pharos.cli;

import io.pharos.common.AlreadyExistsException;
import io.pharos.common.ConfigurationException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.StaleVersionException;
import io.pharos.common.StillReferencedException;
import io.pharos.common.UnavailableException;
import io.pharos.backup.BackupFailedException;
import io.pharos.migrate.MigrationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one failure → exit code table, as the README documents it. */
class ExitCodesTest {
    @Test
    void only_usage_and_settings_exit_2_and_each_operation_has_its_own_code() {
        assertThat(ExitCodes.of(InvalidInputException.badRequest("--on-error", "x"))).isEqualTo(2);
        assertThat(ExitCodes.of(InvalidInputException.field("title", "x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new ConfigurationException("DATABASE_URL", "x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new MigrationException("x"))).isEqualTo(3);
        assertThat(ExitCodes.of(new BackupFailedException("x"))).isEqualTo(4);
        assertThat(ExitCodes.of(new UnavailableException("x", null))).isEqualTo(5);
        assertThat(ExitCodes.of(new NotFoundException("x"))).isEqualTo(6);
        assertThat(ExitCodes.of(new AlreadyExistsException("email", "x"))).isEqualTo(6);
        assertThat(ExitCodes.of(new StillReferencedException("cascade", "x"))).isEqualTo(6);
        assertThat(ExitCodes.of(new StaleVersionException("x", 1))).isEqualTo(6);
    }
}
