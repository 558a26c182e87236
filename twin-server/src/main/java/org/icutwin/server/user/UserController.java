package org.icutwin.server.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

/** User accounts (ADMIN): the people who sign in to the dashboard. */
@Controller("/api/v1/users")
@Tag(name = "users")
class UserController {

  /**
   * An account to create.
   *
   * @param username sign-in name (letters, digits, '.', '_', '-')
   * @param displayName the name shown in the dashboard and audit views (default: the user name)
   * @param roles one or more of CLINICIAN, INTEGRATOR, DEVICE, ADMIN
   * @param password at least 12 characters; only a salted hash is kept
   */
  @Serdeable
  record CreateUser(@NotBlank String username, @Nullable String displayName, List<String> roles,
      @NotBlank String password) {
  }

  private final UserAccounts users;

  UserController(UserAccounts users) {
    this.users = users;
  }

  @Operation(summary = "Create a user account")
  @Post
  @Status(HttpStatus.CREATED)
  UserView create(@Body @Valid CreateUser r, Authentication caller) {
    return users.create(r.username(), r.displayName(), r.roles(), r.password().toCharArray(), Actor.of(caller));
  }

  @Operation(summary = "List user accounts")
  @Get
  List<UserView> list() {
    return users.list();
  }
}
