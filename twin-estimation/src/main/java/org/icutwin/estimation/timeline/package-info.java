/**
 * Data time: observations and doses applied in effective-time order with checkpoints and replay
 * for late data, plausibility checks, and every rejection kept with its reason.
 */
package org.icutwin.estimation.timeline;
