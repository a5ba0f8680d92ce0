/**
 * {@code pharos migrate --live}: the change capture a live migration installs on its source (one interface,
 * implemented per database in {@code db.sqlite} and {@code db.postgres}), the migration-state row every
 * instance serving the source watches, and the watcher that moves an instance to the target in-process.
 */
package io.pharos.migrate.live;
