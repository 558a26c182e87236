/**
 * The embedded MQTT 5 broker (HiveMQ CE) twin-server runs when no external broker is configured,
 * with username/password logins from {@link org.icutwin.gateway.mqtt.broker.BrokerCredentials} and
 * per-role topic permissions (docs/mqtt.md). Knows topics and roles only, nothing of payloads.
 */
package org.icutwin.gateway.mqtt.broker;
