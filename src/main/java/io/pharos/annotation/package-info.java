/**
 * Annotations on a resource's content (highlight, note, offsets): records, store, service, routes. Depends on
 * {@code resource} (the resource must exist), {@code auth} (the caller), {@code db} and {@code common}.
 */
package io.pharos.annotation;
