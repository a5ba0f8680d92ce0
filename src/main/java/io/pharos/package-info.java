/**
 * The composition root. {@link io.pharos.Library} opens the database, applies the schema policy, wires every
 * domain-event subscription and builds every store and service; {@link io.pharos.Pharos} is the server, a
 * library with HTTP, health and monitoring on top. May depend on every feature package; nothing depends on it
 * but {@code cli} (which opens a library for each command).
 */
package io.pharos;
