/**
 * Users, API keys (stored hashed), roles, the {@code Principal} services receive, and the {@code Authenticator}:
 * the one before-handler that guards every route but the public ones. Depends on {@code config}, {@code db},
 * {@code event} (to announce {@code LocalOwnerAdopted}), {@code http} and {@code common}.
 */
package io.pharos.auth;
