/**
 * Resources, the library's documents: records, typed ids, input parsing, the listing query and cursor, the
 * store, the service (which publishes resource events) and the routes. Other features reach resources through
 * the service and the lookup this package offers. Depends on {@code db}, {@code event}, {@code auth} and {@code common}.
 */
package io.pharos.resource;
