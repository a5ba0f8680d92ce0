package io.pharos.migrate;

import java.time.Duration;

/**
 * What {@code pharos migrate --live} was asked to do besides the copy options.
 *
 * @param action              run the migration, ask a running one to cut over, or remove its capture
 * @param cutoverWhenCaughtUp cut over as soon as the lag is at most {@code maxLag}
 * @param maxLag              changes not yet replayed at which replay counts as caught up
 * @param holdLease           how long one renewal of the write hold lasts (a killed migrate releases the source after it)
 * @param holdDelayMillis     pause inside the hold before the final replay (hidden option, lets tests kill migrate there)
 */
public record LiveOptions(Action action, boolean cutoverWhenCaughtUp, long maxLag, Duration holdLease, long holdDelayMillis) {

    public enum Action { RUN, CUTOVER, ABORT }

    public LiveOptions {
        if (action == null) action = Action.RUN;
        if (holdLease == null) holdLease = Duration.ofSeconds(5);
    }

    public static LiveOptions run(boolean cutoverWhenCaughtUp) {
        return new LiveOptions(Action.RUN, cutoverWhenCaughtUp, 100, Duration.ofSeconds(5), 0);
    }
}
