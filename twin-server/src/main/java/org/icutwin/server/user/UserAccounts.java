package org.icutwin.server.user;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.api.Ids;
import org.icutwin.server.audit.AuditLog;
import org.icutwin.server.db.Db;
import org.icutwin.server.device.PasswordHasher;
import org.icutwin.server.security.Actor;
import org.icutwin.server.security.Role;

/**
 * User accounts for signing in with a name and password. Passwords are kept only as salted PBKDF2
 * hashes. After {@link #MAX_FAILURES} wrong passwords in a row a name is locked for
 * {@link #LOCKOUT}, so that passwords cannot be guessed at speed.
 */
@Singleton
public class UserAccounts {

  static final int MIN_PASSWORD_LENGTH = 12;
  static final int MAX_FAILURES = 5;
  static final Duration LOCKOUT = Duration.ofMinutes(1);

  /** The outcome of a sign-in. */
  public sealed interface SignIn {
    record Ok(UserView user) implements SignIn {
    }

    record Refused() implements SignIn {
    }

    record Locked(Duration retryAfter) implements SignIn {
    }
  }

  private record Failures(int count, Instant lockedUntil) {
  }

  private final Db db;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  public UserAccounts(Db db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  /** Creates an account; 409 if the name is taken, 422 for a bad field. */
  public UserView create(String username, String displayName, List<String> roles, char[] password, Actor actor) {
    Ids.require("username", username);
    String name = displayName == null || displayName.isBlank() ? username
        : Ids.requireText("displayName", displayName.strip(), 256);
    Set<Role> parsed = parseRoles(roles);
    if (password == null || password.length < MIN_PASSWORD_LENGTH) {
      throw ApiException.invalid("password", "password must be at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    String hash = PasswordHasher.hash(password);
    String roleText = String.join(",", parsed.stream().map(Enum::name).toList());
    boolean inserted = db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_user"
          + " (username, display_name, roles, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, username);
        ps.setString(2, name);
        ps.setString(3, roleText);
        ps.setString(4, hash);
        ps.setObject(5, Db.utc(clock.instant()));
        ps.setString(6, actor.subject());
        ps.executeUpdate();
      } catch (SQLException e) {
        if (Db.isUniqueViolation(e)) {
          return false;
        }
        throw e;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("username", username);
      details.put("roles", roleText);
      audit.record(c, actor, "user.created", null, details);
      return true;
    });
    if (!inserted) {
      throw ApiException.conflict("user '" + username + "' already exists");
    }
    return find(username).orElseThrow();
  }

  /**
   * Creates the account or, when it exists, gives it this password and these roles (the demo's
   * accounts get fresh passwords at every start).
   */
  public UserView createOrReset(String username, String displayName, List<String> roles, char[] password,
      Actor actor) {
    if (!exists(username)) {
      return create(username, displayName, roles, password, actor);
    }
    Set<Role> parsed = parseRoles(roles);
    if (password == null || password.length < MIN_PASSWORD_LENGTH) {
      throw ApiException.invalid("password", "password must be at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    String hash = PasswordHasher.hash(password);
    String roleText = String.join(",", parsed.stream().map(Enum::name).toList());
    db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE app_user SET password_hash = ?, roles = ? WHERE username = ?")) {
        ps.setString(1, hash);
        ps.setString(2, roleText);
        ps.setString(3, username);
        ps.executeUpdate();
      }
      audit.record(c, actor, "user.password-reset", null, Map.of("username", username, "roles", roleText));
      return null;
    });
    failures.remove(username);
    return find(username).orElseThrow();
  }

  /** Whether an account with this name exists. */
  public boolean exists(String username) {
    return find(username).isPresent();
  }

  public List<UserView> list() {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user ORDER BY username");
          ResultSet rs = ps.executeQuery()) {
        List<UserView> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    });
  }

  public Optional<UserView> find(String username) {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user WHERE username = ?")) {
        ps.setString(1, username);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  /**
   * Checks a name and password. Unknown names and wrong passwords are refused alike (the answer
   * does not tell which); a locked name is refused without checking the password.
   */
  public SignIn signIn(String username, char[] password) {
    Instant now = clock.instant();
    String key = username == null ? "" : username;
    Failures f = failures.get(key);
    if (f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
      return new SignIn.Locked(Duration.between(now, f.lockedUntil()));
    }
    Optional<String> hash = username == null ? Optional.empty() : db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM app_user WHERE username = ?")) {
        ps.setString(1, username);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
    // An unknown name costs as much as a wrong password, so timing does not tell names apart.
    boolean ok = PasswordHasher.verify(password == null ? new char[0] : password,
        hash.orElse(UNKNOWN_USER_HASH));
    if (ok && hash.isPresent()) {
      failures.remove(key);
      return new SignIn.Ok(find(username).orElseThrow());
    }
    failures.compute(key, (k, old) -> {
      int n = (old == null || (old.lockedUntil() != null && !now.isBefore(old.lockedUntil()))) ? 1 : old.count() + 1;
      return new Failures(n, n >= MAX_FAILURES ? now.plus(LOCKOUT) : null);
    });
    return new SignIn.Refused();
  }

  private static final String UNKNOWN_USER_HASH = PasswordHasher.hash("no such user".toCharArray());

  static Set<Role> parseRoles(List<String> roles) {
    if (roles == null || roles.isEmpty()) {
      throw ApiException.invalid("roles", "give at least one role: " + Arrays.toString(Role.values()));
    }
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String r : roles) {
      try {
        out.add(Role.parse(r));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("roles", e.getMessage());
      }
    }
    return out;
  }

  private static UserView read(ResultSet rs) throws SQLException {
    return new UserView(rs.getString("username"), rs.getString("display_name"),
        List.of(rs.getString("roles").split(",")), Db.instant(rs, "created_at"), rs.getString("created_by"));
  }
}
