package org.icutwin.server.db;

import java.sql.SQLException;

/** A database failure the caller cannot fix (the request fails with 500 and is logged). */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(SQLException cause) {
    super("database error (SQLSTATE " + cause.getSQLState() + "): " + cause.getMessage(), cause);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
