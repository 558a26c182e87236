package org.icutwin.core.virtual;

/** What went wrong with a sensor reading; test truth that an estimator never sees. */
public enum Artefact {
  /** A scheduled sample was not taken or not reported (e.g. busy nurse, lost sample). */
  MISSED,
  /** Gross sample error (e.g. blood drawn near a dextrose line, haemolysis): value far off. */
  GROSS_ERROR,
  /** Continuous sensor lost signal: no value. */
  DROPOUT,
  /** CGM pressure-induced sensor attenuation: a false low. */
  COMPRESSION_LOW,
  /** Value frozen at an earlier reading (flat line). */
  STUCK,
  /** Arterial line fast flush or blood draw: pressure near the flush bag pressure. */
  FLUSH,
  /** Transducer opened to air for zeroing: pressure near 0. */
  ZEROING,
  /** Arterial line signal absent (disconnected, repositioning). */
  GAP
}
