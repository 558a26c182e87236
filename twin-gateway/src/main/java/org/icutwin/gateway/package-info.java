/**
 * The edge: MQTT and FHIR payloads in, FHIR resources and subscriptions out, mapped to
 * twin-core records so that core never sees a protocol type (issue 5). Defines the ports that
 * twin-server implements.
 *
 * <p>Not yet implemented: this package marks the module boundary laid down in
 * docs/architecture.md.
 */
package org.icutwin.gateway;
