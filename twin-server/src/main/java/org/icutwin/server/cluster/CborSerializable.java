package org.icutwin.server.cluster;

/**
 * Marker for messages, events and state that cross the wire or go into the journal: Pekko
 * serializes every implementation with Jackson CBOR ({@code jackson-cbor} binding). Records work
 * as they are; a sealed interface of events needs {@code @JsonTypeInfo}/{@code @JsonSubTypes}.
 */
public interface CborSerializable {
}
