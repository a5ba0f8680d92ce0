/**
 * Citations between resources and the recursive neighbourhood graph: records, store, service, routes.
 * Depends on {@code resource}, {@code auth}, {@code db} and {@code common}.
 */
package io.pharos.citation;
