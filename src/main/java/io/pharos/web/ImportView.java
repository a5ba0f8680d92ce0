package io.pharos.web;

import java.util.List;

/** The import page: the caller's imports (newest first), why the last upload was refused ({@code problem}), and the embedding queue. */
public record ImportView(Page page, List<ImportStatus> jobs, String problem, Queue queue) {

    /** The embedding queue: whether semantic search is on, what waits, and the estimate to drain it (null: unknown). */
    public record Queue(boolean semantic, long resources, long chunks, Long secondsToDrain) {
        static final Queue OFF = new Queue(false, 0, 0, 0L);

        /** Something waits to be embedded. */
        public boolean draining() {
            return semantic && resources > 0;
        }
    }
}
