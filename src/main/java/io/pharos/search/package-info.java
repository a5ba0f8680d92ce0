/**
 * Keyword, semantic and hybrid search: chunking, the index kept in step with resource events, the embedding
 * queue and worker, ranking, snippets, click feedback, routes and the bench. Owns its per-database SQL interface;
 * the implementations sit beside the dialects. Depends on {@code resource}, {@code db}, {@code event} and {@code common}.
 */
package io.pharos.search;
