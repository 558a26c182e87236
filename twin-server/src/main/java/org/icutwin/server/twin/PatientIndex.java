package org.icutwin.server.twin;

import java.util.List;

/** Which patients are admitted, durably: for listing the ward and waking twins after a restart. */
public interface PatientIndex {

  List<String> admittedIds();
}
