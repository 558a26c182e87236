package org.icutwin.estimation.timeline;

import java.util.Optional;
import org.icutwin.estimation.filter.UpdateOutcome;

/**
 * What became of one observation or dose event: applied, or rejected with a reason. Rejected
 * items are kept with their reason, never silently dropped.
 *
 * @param id the item's id
 * @param timeMin its effective time
 * @param applied whether it changed the twin
 * @param reason why not, when not applied
 * @param detail human-readable specifics (values, thresholds)
 * @param outcome the filter update, for observations that reached the filter
 */
public record ItemStatus(String id, double timeMin, boolean applied, Optional<RejectionReason> reason, String detail,
    Optional<UpdateOutcome> outcome) {

  /**
   * Whether the filter weighed the item: applied, or refused at the innovation gate, where the twin
   * rather than the sensor may be wrong (a refusal as a sensor fault, a duplicate or a revision is not).
   */
  public boolean weighed() {
    return applied || reason.orElse(null) == RejectionReason.INNOVATION_OUTLIER;
  }

  static ItemStatus applied(String id, double t, UpdateOutcome outcome) {
    return new ItemStatus(id, t, true, Optional.empty(), "", Optional.ofNullable(outcome));
  }

  static ItemStatus rejected(String id, double t, RejectionReason reason, String detail) {
    return new ItemStatus(id, t, false, Optional.of(reason), detail, Optional.empty());
  }

  static ItemStatus rejected(String id, double t, RejectionReason reason, String detail, UpdateOutcome outcome) {
    return new ItemStatus(id, t, false, Optional.of(reason), detail, Optional.of(outcome));
  }
}
