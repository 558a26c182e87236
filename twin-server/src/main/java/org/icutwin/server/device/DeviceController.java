package org.icutwin.server.device;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.icutwin.server.security.Actor;

/** Device registration (ADMIN). */
@Controller("/api/v1/devices")
@Tag(name = "devices")
class DeviceController {

  /**
   * A device to register.
   *
   * @param deviceId device id, also its MQTT client id and user name
   * @param kind what it is, e.g. {@code cgm}, {@code monitor}, {@code pump}
   * @param sensorClass measurement noise class, or absent for each code's default
   * @param mqttPassword its MQTT password (at least 12 characters; only a hash is kept)
   */
  @Serdeable
  record RegisterDevice(@NotBlank String deviceId, @NotBlank String kind, @Nullable String sensorClass,
      @NotBlank String mqttPassword) {
  }

  private final DeviceRegistry devices;

  DeviceController(DeviceRegistry devices) {
    this.devices = devices;
  }

  @Operation(summary = "Register a device with its MQTT password")
  @Post
  @Status(HttpStatus.CREATED)
  DeviceView register(@Body @Valid RegisterDevice request, Authentication caller) {
    return devices.register(request.deviceId(), request.kind(), request.sensorClass(),
        request.mqttPassword().toCharArray(), Actor.of(caller));
  }

  @Operation(summary = "List registered devices with the patient each is bound to now")
  @Get
  List<DeviceView> list() {
    return devices.list();
  }

  @Operation(summary = "Get one device")
  @Get("/{deviceId}")
  DeviceView get(@PathVariable String deviceId) {
    return devices.get(deviceId);
  }

}
