package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the FHIR endpoint really exposes, as the input of {@link CapabilityStatementFactory}. Keep
 * it next to the controllers: the CapabilityStatement is only as truthful as this description.
 *
 * @param softwareName software name
 * @param softwareVersion software version
 * @param baseUrl the FHIR base, e.g. {@code https://icu.example.org/fhir}
 * @param date when this description was made (CapabilityStatement.date)
 * @param resources the resource types served
 * @param systemInteractions system-wide interactions, e.g. transaction and batch on {@code POST /fhir}
 */
public record ServerDescription(String softwareName, String softwareVersion, String baseUrl, Instant date,
    List<ResourceEndpoint> resources, Set<SystemInteraction> systemInteractions) {

  /** Type-level and instance-level interactions (FHIR type-restful-interaction). */
  public enum Interaction {
    READ("read"), CREATE("create"), UPDATE("update"), DELETE("delete"), SEARCH_TYPE("search-type");

    public final String code;

    Interaction(String code) {
      this.code = code;
    }
  }

  /** System-level interactions (FHIR system-restful-interaction). */
  public enum SystemInteraction {
    TRANSACTION("transaction"), BATCH("batch");

    public final String code;

    SystemInteraction(String code) {
      this.code = code;
    }
  }

  /**
   * A search parameter.
   *
   * @param name e.g. {@code patient}
   * @param type FHIR search param type code, e.g. {@code reference}, {@code token}, {@code number}
   * @param documentation what it matches
   */
  public record SearchParam(String name, String type, String documentation) {
  }

  /**
   * An operation.
   *
   * @param name without the {@code $}, e.g. {@code status}
   * @param definition canonical URL of its OperationDefinition
   */
  public record Operation(String name, String definition) {
  }

  /**
   * One resource type.
   *
   * @param type resource type
   * @param profile the profile it conforms to, or null for base R4
   * @param interactions interactions served
   * @param searchParams search parameters honoured
   * @param operations operations served
   */
  public record ResourceEndpoint(String type, String profile, Set<Interaction> interactions,
      List<SearchParam> searchParams, List<Operation> operations) {

    public ResourceEndpoint {
      Objects.requireNonNull(type, "type");
      interactions = Set.copyOf(interactions);
      searchParams = List.copyOf(searchParams);
      operations = List.copyOf(operations);
    }
  }

  public ServerDescription {
    Objects.requireNonNull(softwareName, "softwareName");
    Objects.requireNonNull(softwareVersion, "softwareVersion");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(date, "date");
    resources = List.copyOf(resources);
    systemInteractions = Set.copyOf(systemInteractions);
  }

  /** Subscriptions Backport IG operation for a subscription's status. */
  public static final String STATUS_OPERATION =
      "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status";
  /** Subscriptions Backport IG operation for fetching past events. */
  public static final String EVENTS_OPERATION =
      "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events";

  /** The endpoints twin-server exposes under /fhir (docs/fhir.md). */
  public static ServerDescription icutwin(String softwareVersion, String baseUrl, Instant date) {
    SearchParam patient = new SearchParam("patient", "reference", "the patient the resource is about");
    return new ServerDescription("icutwin", softwareVersion, baseUrl, date, List.of(
        new ResourceEndpoint("Observation", null, Set.of(Interaction.CREATE, Interaction.UPDATE), List.of(), List.of()),
        new ResourceEndpoint("MedicationAdministration", null, Set.of(Interaction.CREATE), List.of(), List.of()),
        new ResourceEndpoint("MedicationRequest", null, Set.of(Interaction.READ, Interaction.SEARCH_TYPE), List.of(
            patient,
            new SearchParam("intent", "token", "proposal (twin proposals) or order (clinician orders)"),
            new SearchParam("status", "token", "request status, e.g. active")), List.of()),
        new ResourceEndpoint("DetectedIssue", null, Set.of(Interaction.SEARCH_TYPE), List.of(patient), List.of()),
        new ResourceEndpoint("RiskAssessment", null, Set.of(Interaction.SEARCH_TYPE), List.of(patient), List.of()),
        new ResourceEndpoint("Subscription", null, Set.of(Interaction.CREATE, Interaction.READ, Interaction.DELETE),
            List.of(), List.of(new Operation("status", STATUS_OPERATION), new Operation("events", EVENTS_OPERATION)))),
        Set.of(SystemInteraction.TRANSACTION, SystemInteraction.BATCH));
  }
}
