package io.pharos.web;

/** One import's page: its progress or summary, and the embedding queue. */
public record ImportJobView(Page page, ImportStatus job, ImportView.Queue queue) {

    /** Percent done, 0 while the total is unknown. */
    public int percent() {
        return job.total() <= 0 ? (job.finished() ? 100 : 0) : (int) Math.min(100, job.done() * 100 / job.total());
    }
}
