/**
 * The running system: the Micronaut application with per-patient Pekko twin actors, REST API,
 * persistence, security and metrics (issue 6). The only module that wires frameworks together.
 *
 * <p>Not yet implemented: this package marks the module boundary laid down in
 * docs/architecture.md.
 */
package org.icutwin.server;
