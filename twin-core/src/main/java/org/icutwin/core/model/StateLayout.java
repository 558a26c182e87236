package org.icutwin.core.model;

import java.util.List;

/** The ordered state variables of a model; index i of a state vector is {@code variables().get(i)}. */
public record StateLayout(List<StateVariable> variables) {

  public StateLayout {
    variables = ModelChecks.uniqueNames(variables, StateVariable::name, "state variable");
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one state variable");
    }
  }

  public static StateLayout of(StateVariable... variables) {
    return new StateLayout(List.of(variables));
  }

  public int size() {
    return variables.size();
  }

  public StateVariable get(int index) {
    return variables.get(index);
  }

  /** Index of the named state; throws naming the known states when absent. */
  public int indexOf(String name) {
    for (int i = 0; i < variables.size(); i++) {
      if (variables.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown state '" + name + "'; states are " + names());
  }

  public List<String> names() {
    return variables.stream().map(StateVariable::name).toList();
  }

  /** Whether every component of {@code x} lies within its physical bounds. */
  public boolean admits(double[] x) {
    if (x.length != variables.size()) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (!variables.get(i).admits(x[i])) {
        return false;
      }
    }
    return true;
  }
}
