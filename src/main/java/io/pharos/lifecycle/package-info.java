/**
 * Graceful shutdown in phases: stop accepting, drain background work, close pools. Depends on nothing.
 */
package io.pharos.lifecycle;
