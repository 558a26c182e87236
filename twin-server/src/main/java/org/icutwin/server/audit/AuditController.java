package org.icutwin.server.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.icutwin.server.api.ApiException;

/** Reading the audit log (ADMIN, CLINICIAN). */
@Controller("/api/v1/audit")
@Tag(name = "audit")
class AuditController {

  static final int DEFAULT_LIMIT = 100;

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @Operation(summary = "Audit entries in time order, optionally for one patient and within [from, to)")
  @Get("{?patient,from,to,limit}")
  List<AuditEntry> query(@Nullable @QueryValue String patient, @Nullable @QueryValue Instant from,
      @Nullable @QueryValue Instant to, @Nullable @QueryValue Integer limit) {
    int n = limit == null ? DEFAULT_LIMIT : limit;
    if (n < 1 || n > AuditLog.MAX_LIMIT) {
      throw ApiException.invalid("limit", "limit must be within 1.." + AuditLog.MAX_LIMIT + ", was " + n);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("to", "to " + to + " must be after from " + from);
    }
    return audit.query(Optional.ofNullable(patient), Optional.ofNullable(from), Optional.ofNullable(to), n);
  }
}
