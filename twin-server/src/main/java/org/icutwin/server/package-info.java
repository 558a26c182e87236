/**
 * The running system: the Micronaut application with per-patient Pekko twin actors, REST API,
 * persistence, security and metrics (issue 6). The only module that wires frameworks together;
 * numerics stay in twin-core, twin-estimation and twin-control.
 *
 * <p>{@code config}: settings records. {@code cluster}: the Pekko actor system, sharding and
 * journal. {@code db}: JDBC, the ingest inbox and dead letters. {@code security}: JWT, roles and
 * the route-role map. {@code api}: problem+json errors. {@code patient}, {@code device},
 * {@code audit}: registries and their admin endpoints. {@code metrics}: the server's meters.
 * {@code ops}: startup report. {@code cli}: command line. {@code twin}: the per-patient twins.
 */
package org.icutwin.server;
