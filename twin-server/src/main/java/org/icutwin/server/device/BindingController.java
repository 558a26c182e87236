package org.icutwin.server.device;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.icutwin.server.security.Actor;

/** Binding devices to patients and unbinding them, at given times (ADMIN). */
@Controller("/api/v1/patients/{patientId}/devices")
@Tag(name = "devices")
class BindingController {

  /**
   * A device to bind.
   *
   * @param deviceId registered device
   * @param from start of the binding (data time), now when absent
   */
  @Serdeable
  record BindDevice(@NotBlank String deviceId, @Nullable Instant from) {
  }

  private final DeviceBindings bindings;
  private final Clock clock;

  BindingController(DeviceBindings bindings, Clock clock) {
    this.bindings = bindings;
    this.clock = clock;
  }

  @Operation(summary = "Bind a device to the patient from a time on")
  @Post
  @Status(HttpStatus.CREATED)
  BindingView bind(@PathVariable String patientId, @Body @Valid BindDevice request, Authentication caller) {
    Instant from = request.from() == null ? clock.instant() : request.from();
    return bindings.bind(patientId, request.deviceId(), from, Actor.of(caller));
  }

  @Operation(summary = "The patient's device bindings, past and current")
  @Get
  List<BindingView> list(@PathVariable String patientId) {
    return bindings.ofPatient(patientId);
  }

  @Operation(summary = "Unbind a device from the patient at a time (now when absent)")
  @Delete("/{deviceId}{?at}")
  BindingView unbind(@PathVariable String patientId, @PathVariable String deviceId, @Nullable @QueryValue Instant at,
      Authentication caller) {
    return bindings.unbind(patientId, deviceId, at == null ? clock.instant() : at, Actor.of(caller));
  }
}
