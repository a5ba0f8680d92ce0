/**
 * In-process domain events: features publish inside the writing transaction and subscribers (the search index,
 * taxonomy counts) act in it. Depends on {@code db} only.
 */
package io.pharos.event;
