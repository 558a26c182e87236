package org.icutwin.server.fhir;

import static io.micronaut.http.HttpMethod.DELETE;
import static io.micronaut.http.HttpMethod.GET;
import static io.micronaut.http.HttpMethod.POST;
import static io.micronaut.http.HttpMethod.PUT;
import static org.icutwin.server.security.Role.CLINICIAN;
import static org.icutwin.server.security.Role.DEVICE;
import static org.icutwin.server.security.Role.INTEGRATOR;

import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.security.RouteAccess;
import org.icutwin.server.security.RouteAccessDeclaration;

/**
 * Who may call the FHIR routes: devices and integrators write, integrators and clinicians read,
 * integrators manage subscriptions; the CapabilityStatement is public.
 */
@Singleton
class FhirRouteAccess implements RouteAccessDeclaration {

  @Override
  public List<RouteAccess> routes() {
    return List.of(
        RouteAccess.anonymous(GET, "/fhir/metadata"),
        RouteAccess.roles(POST, "/fhir", DEVICE, INTEGRATOR),
        RouteAccess.roles(POST, "/fhir/Observation", DEVICE, INTEGRATOR),
        RouteAccess.roles(PUT, "/fhir/Observation/{id}", DEVICE, INTEGRATOR),
        RouteAccess.roles(POST, "/fhir/MedicationAdministration", DEVICE, INTEGRATOR),
        RouteAccess.roles(GET, "/fhir/MedicationRequest", INTEGRATOR, CLINICIAN),
        RouteAccess.roles(GET, "/fhir/MedicationRequest/{id}", INTEGRATOR, CLINICIAN),
        RouteAccess.roles(GET, "/fhir/DetectedIssue", INTEGRATOR, CLINICIAN),
        RouteAccess.roles(GET, "/fhir/RiskAssessment", INTEGRATOR, CLINICIAN),
        RouteAccess.roles(POST, "/fhir/Subscription", INTEGRATOR),
        RouteAccess.roles(GET, "/fhir/Subscription/{id}", INTEGRATOR),
        RouteAccess.roles(DELETE, "/fhir/Subscription/{id}", INTEGRATOR),
        RouteAccess.roles(GET, "/fhir/Subscription/{id}/$status", INTEGRATOR),
        RouteAccess.roles(GET, "/fhir/Subscription/{id}/$events", INTEGRATOR));
  }
}
