package org.icutwin.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The load generator's pure parts: options, the scrape reader, the virtual signal. */
class LoadGeneratorPartsTest {

  @Test
  void optionsAreBoundedAndRefuseAnythingButLoopback() {
    LoadOptions o = LoadOptions.parse("--patients", "100", "--rate=1", "--seconds", "60");
    assertThat(o.server().toString()).isEqualTo("http://127.0.0.1:8080");
    assertThat(o.warmupSeconds()).isEqualTo(15);
    assertThatThrownBy(() -> LoadOptions.parse("--patients", "100", "--rate", "1", "--seconds", "60",
        "--server", "http://192.0.2.10:8080")).hasMessageContaining("loopback");
    assertThatThrownBy(() -> LoadOptions.parse("--patients", "0", "--rate", "1", "--seconds", "60"))
        .hasMessageContaining("--patients");
    assertThatThrownBy(() -> LoadOptions.parse("--patients", "10", "--rate", "1", "--seconds", "7200"))
        .hasMessageContaining("--seconds");
    assertThatThrownBy(() -> LoadOptions.parse("--patients", "10", "--seconds", "60"))
        .hasMessageContaining("--rate is required");
  }

  @Test
  void scrapeReadsLabelledSamplesAndWindowedHistogramQuantiles() {
    String a = """
        # TYPE x_seconds histogram
        x_seconds_bucket{le="0.01"} 10.0
        x_seconds_bucket{le="0.02"} 10.0
        x_seconds_bucket{le="+Inf"} 10.0
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 100.0
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 50.0
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 7.0
        c_total{source="mqtt"} 5.0
        """;
    // Between the two readings: 100 new samples, 50 in (0, 0.01], 50 in (0.01, 0.02].
    String b = """
        x_seconds_bucket{le="0.01"} 60.0
        x_seconds_bucket{le="0.02"} 110.0
        x_seconds_bucket{le="+Inf"} 110.0
        c_total{source="mqtt"} 8.0
        """;
    Scrape before = Scrape.parse(a);
    Scrape after = Scrape.parse(b);
    assertThat(before.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))).isEqualTo(150.0);
    assertThat(after.sum("c_total", l -> "mqtt".equals(l.get("source")))
        - before.sum("c_total", l -> "mqtt".equals(l.get("source")))).isEqualTo(3.0);
    // The median is the 50th of 100: the top of the first bucket; p99 interpolates inside the second.
    assertThat(Scrape.quantileBetween(before, after, "x_seconds", 0.5)).isCloseTo(0.01, within(1e-12));
    assertThat(Scrape.quantileBetween(before, after, "x_seconds", 0.99)).isCloseTo(0.0198, within(1e-12));
    assertThat(Scrape.quantileBetween(after, after, "x_seconds", 0.5)).isNaN();
  }

  @Test
  void virtualArterialLinePublishesNumberedPlausibleMapObservationsAsTheDocumentedJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    VirtualArterialLine line = new VirtualArterialLine("a-1", 42);
    VirtualArterialLine same = new VirtualArterialLine("a-1", 42);
    Instant t = Instant.parse("2026-11-22T08:00:00.123456Z");
    JsonNode first = json.readTree(line.next(t, json));
    assertThat(first.get("messageId").asText()).isEqualTo("a-1:1");
    assertThat(first.get("effectiveTime").asText()).isEqualTo("2026-11-22T08:00:00.123Z");
    assertThat(first.get("code").get(0).get("code").asText()).isEqualTo("150039");
    assertThat(first.get("code").get(1).get("code").asText()).isEqualTo("8478-0");
    assertThat(first.get("unit").asText()).isEqualTo("mm[Hg]");
    assertThat(json.readTree(same.next(t, json))).isEqualTo(first);
    for (int i = 2; i <= 500; i++) {
      JsonNode o = json.readTree(line.next(t.plusSeconds(i), json));
      assertThat(o.get("messageId").asText()).isEqualTo("a-1:" + i);
      assertThat(o.get("value").asDouble()).isBetween(45.0, 105.0);
    }
  }
}
