package org.icutwin.control.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.icutwin.core.druglib.DrugLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {

  @Test
  void bothInfusionTwinsProposeOnASyntheticStay() {
    var proposals = WarmUp.run(PatientTwinTest.LIBRARY);
    assertThat(proposals).extracting(ProposalDraft::drug).containsExactly("insulin", "insulin", "insulin", "insulin",
        "norepinephrine", "norepinephrine", "norepinephrine", "norepinephrine");
    // The synthetic norepinephrine stay reads MAP below 65: its last proposal raises the rate.
    ProposalDraft last = proposals.get(7);
    assertThat(last.deliverable()).isTrue();
    assertThat(last.proposed().orElseThrow().value()).isGreaterThan(0.0);
  }

  @Test
  void aLibraryWithoutInsulinOrNorepinephrineWarmsNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("library.json");
    String shipped = Files.readString(Path.of("../config/drug-library.json"));
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(shipped);
    var entries = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("entries");
    for (int i = entries.size() - 1; i >= 0; i--) {
      String drug = entries.get(i).get("drug").asText();
      if (drug.equals("insulin") || drug.equals("norepinephrine")) {
        entries.remove(i);
      }
    }
    Files.writeString(file, mapper.writeValueAsString(root));
    assertThat(WarmUp.run(DrugLibrary.load(file))).isEmpty();
  }
}
