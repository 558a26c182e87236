package org.icutwin.server.metrics;

/** What happened to a recommendation, as counted in {@code icutwin_recommendations_total}. */
public enum RecommendationOutcome {
  ISSUED,
  ACCEPTED,
  MODIFIED,
  REJECTED,
  EXPIRED;

  String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
