package org.icutwin.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {

  private static String run(String... args) {
    var buffer = new ByteArrayOutputStream();
    SimulateCommand.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsAHeaderWithUnitsAndOneRowPerOutputTime() {
    String out = run("--model", "vancomycin-goti2018", "--hours", "24", "--every", "60");
    var rows = out.lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(rows.get(0)).isEqualTo("time_min,A1 [mg],A2 [mg],y:concentration [mg/L]");
    assertThat(rows).hasSize(1 + 25);
    assertThat(rows.get(1)).startsWith("0.0,0.00000,0.00000");
    // After the loading dose the concentration is positive.
    double c = Double.parseDouble(rows.get(3).split(",")[3]);
    assertThat(c).isPositive();
  }

  /** Every catalog model has an example regimen and simulates; the glucose model shows its gut state. */
  @Test
  void everyCatalogModelSimulates() {
    for (String id : org.icutwin.core.catalog.ModelCatalog.all().keySet()) {
      String out = run("--model", id, "--hours", "6", "--every", "60");
      assertThat(out.lines().filter(l -> !l.startsWith("#")).toList()).as(id).hasSize(1 + 7);
    }
    assertThat(run("--model", "bergman-insulin", "--hours", "1").lines().filter(l -> !l.startsWith("#")).findFirst())
        .hasValueSatisfying(h -> assertThat(h).contains("Qgut [mmol]"));
  }

  @Test
  void rejectsUnknownOptionsModelsAndNonNumbers() {
    assertThatThrownBy(() -> run("--modle", "x")).hasMessageContaining("unknown option --modle");
    assertThatThrownBy(() -> run("--model", "x")).hasMessageContaining("unknown model 'x'");
    assertThatThrownBy(() -> run("--hours", "NaN")).hasMessageContaining("--hours needs a finite number");
    assertThatThrownBy(() -> run("--hours", "0")).hasMessageContaining("--hours must be");
    assertThatThrownBy(() -> run("--weight")).hasMessageContaining("--option value pairs");
  }
}
