/** Filter consistency statistics (NEES, NIS) and CUSUM drift detection on innovations. */
package org.icutwin.estimation.monitor;
