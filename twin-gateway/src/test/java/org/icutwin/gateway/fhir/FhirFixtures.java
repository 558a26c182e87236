package org.icutwin.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;
import org.icutwin.gateway.ingest.DrugUnits;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.TestDirectories;

/** Shared FHIR test fixtures: one context and one validator per test JVM (both are slow to build). */
final class FhirFixtures {

  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final FhirContext CONTEXT = FhirR4.context();
  private static volatile FhirValidation validation;

  private FhirFixtures() {
  }

  static synchronized FhirValidation validation() {
    if (validation == null) {
      validation = new FhirValidation(CONTEXT);
    }
    return validation;
  }

  static String example(String name) {
    try (InputStream in = FhirFixtures.class.getResourceAsStream("/fhir/examples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no example " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestDirectories directories() {
    return new TestDirectories()
        .admit("example", "adult-icu", 70.0)
        .admit("f001", "adult-icu", 80.0)
        .admit("pat1", "adult-icu", 75.0)
        .device("monitor-1", "monitor").bind("monitor-1", "example")
        .device("pump-1", null).bind("pump-1", "pat1");
  }

  static Normaliser normaliser(TestDirectories dirs) {
    return new Normaliser(CodeTable.standard(), new DrugUnits(DrugLibrary.load(Path.of("..", "config",
        "drug-library.json"))), dirs, dirs, Clock.fixed(NOW, ZoneOffset.UTC), Normaliser.DEFAULT_MAX_FUTURE_SKEW);
  }

  /** In-memory stores that remember what they were given. */
  static final class Stores implements IngestStore, DeadLetterStore {
    final Map<String, IngestItem> items = new ConcurrentHashMap<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    @Override
    public Outcome record(IngestItem item) {
      IngestItem first = items.putIfAbsent(item.messageId(), item);
      return first == null ? Outcome.RECORDED : Outcome.against(item, first);
    }

    @Override
    public java.util.Optional<IngestItem> find(String messageId) {
      return java.util.Optional.ofNullable(items.get(messageId));
    }

    @Override
    public void store(DeadLetter letter) {
      deadLetters.add(letter);
    }
  }
}
