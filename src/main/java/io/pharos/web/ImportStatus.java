package io.pharos.web;

import java.util.List;

/**
 * What a page shows of one web import: what was uploaded, the progress ({@code total} 0 while it is
 * counted), then the summary lines {@code pharos import} prints and the first failed lines
 * ({@code moreErrors}: how many more failed).
 */
public record ImportStatus(String id, String what, long done, long total, boolean finished, List<String> summary, List<String> errors,
                           long moreErrors) {}
