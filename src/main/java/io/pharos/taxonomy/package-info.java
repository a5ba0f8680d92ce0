/**
 * The taxonomy: nodes with materialized paths and counts, filing resources under nodes, and the "under a node"
 * scope of resource listings. Depends on {@code resource}, {@code db} and {@code common}.
 */
package io.pharos.taxonomy;
