package org.icutwin.gateway.ingest;

/** What a parser read from one payload, before normalisation: a measurement or a dose event. */
public sealed interface RawItem permits RawObservation, RawAdministration {
}
