/**
 * Folder import ({@code pharos import DIR}): which files are safe to read, their text (HTML, Markdown, text)
 * and title, created or updated by source path. Depends on {@code resource}, {@code db} and {@code common}.
 */
package io.pharos.ingest;
