/**
 * Javalin wiring only: the server, the one mapping of exceptions to RFC 9457 problem details, request helpers.
 * Features' routes depend on it; it depends on {@code common} and {@code config}.
 */
package io.pharos.http;
