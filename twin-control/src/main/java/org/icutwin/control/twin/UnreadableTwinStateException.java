package org.icutwin.control.twin;

/**
 * An exported twin state this version cannot restore (another format version, or a state of
 * another kind of twin): the caller rebuilds the twin from its journal instead.
 */
public final class UnreadableTwinStateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnreadableTwinStateException(String message) {
    super(message);
  }
}
