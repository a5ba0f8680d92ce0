/**
 * Collections: nesting, visibility (private, shared, public), membership, and the "in a collection" scope of
 * resource listings and search. Depends on {@code resource}, {@code auth}, {@code db} and {@code common}.
 */
package io.pharos.collection;
