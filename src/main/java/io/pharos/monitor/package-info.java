/**
 * Keyword monitors and alerts: a user's saved queries ({@link io.pharos.monitor.Monitor}), matched in the
 * background against every created resource and every one whose text changed ({@link io.pharos.monitor.MatchWorker}
 * drains the {@code monitor_queue} table, filled in the resource's own write transaction); a match is an
 * {@link io.pharos.monitor.Alert}, delivered to the monitor's webhook by {@link io.pharos.monitor.WebhookWorker}
 * (the alerts table is the outbox). Store, service and routes as in every feature.
 */
package io.pharos.monitor;
