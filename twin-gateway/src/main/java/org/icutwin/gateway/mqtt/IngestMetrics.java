package org.icutwin.gateway.mqtt;

import java.time.Duration;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Source;

/**
 * Port: what the ingest path counts. twin-server implements it with Micrometer; every method must
 * be cheap and thread-safe (called from the ingest lanes).
 */
public interface IngestMetrics {

  /**
   * An item was recorded for the first time.
   *
   * @param quantity the observation's quantity (e.g. {@code glucose}) or the dose's drug id (e.g.
   *     {@code insulin}); bounded by the code table and the drug library
   */
  void accepted(Source source, String quantity);

  /** An item's message id was already recorded; nothing changed (a redelivery or a resend). */
  void duplicate(Source source);

  /** A message was refused and stored as a dead letter. */
  void rejected(Source source, RejectReason reason);

  /** The ingest or dead-letter store threw; the message was not acknowledged and will come again. */
  void storeFailed(Source source);

  /** A message was acknowledged to the broker, {@code latency} after it arrived. */
  void acknowledged(Duration latency);

  /** An error report could not be published (the dead letter is stored regardless). */
  void errorReportNotPublished();

  /**
   * A lane handled {@code messages} arrivals together (group commit: one store commit for the
   * accepted ones) and acknowledged them. Counts nothing by default.
   */
  default void batchHandled(int messages) {
  }

  /** Counts nothing. */
  IngestMetrics NONE = new IngestMetrics() {
    @Override
    public void accepted(Source source, String quantity) {
    }

    @Override
    public void duplicate(Source source) {
    }

    @Override
    public void rejected(Source source, RejectReason reason) {
    }

    @Override
    public void storeFailed(Source source) {
    }

    @Override
    public void acknowledged(Duration latency) {
    }

    @Override
    public void errorReportNotPublished() {
    }
  };
}
