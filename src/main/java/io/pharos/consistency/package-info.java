/**
 * Read-your-writes at the HTTP edge, for libraries with read replicas: each request's
 * {@link io.pharos.db.ReadConsistency} needs the later of the {@code Pharos-Min-LSN} header and the caller's
 * last write seen by this instance; a response to a request that wrote carries {@code Pharos-Commit-LSN}.
 * Depends on {@code auth}, {@code db}, {@code http} and {@code common}.
 */
package io.pharos.consistency;
