package org.icutwin.core.catalog;

/**
 * A model whose states are those of a {@link MammillaryPkModel} (θ starts with its parameters),
 * so that it can be propagated exactly by {@code LinearPkExactPropagator}.
 */
public interface LinearPkStructure {
  MammillaryPkModel pk();

  default int compartments() {
    return pk().compartments();
  }

  default boolean hasEffectSite() {
    return pk().hasEffectSite();
  }
}
