/**
 * JSON Lines import of resources ({@code pharos import FILE.jsonl}): line by line, with per-line errors.
 * Depends on {@code resource} and {@code common}.
 */
package io.pharos.bulk;
