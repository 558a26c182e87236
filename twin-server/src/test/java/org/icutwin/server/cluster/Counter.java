package org.icutwin.server.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/** Test-only event-sourced entity: a counter that persists every increment. */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Added, Counter.State> {

  static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "test-counter");

  interface Command extends CborSerializable {
  }

  record Add(int amount, ActorRef<State> replyTo) implements Command {
  }

  record Get(ActorRef<State> replyTo) implements Command {
  }

  record Added(int amount) implements CborSerializable {
  }

  record State(int total, int events) implements CborSerializable {
  }

  static Behavior<Command> create(String entityId) {
    return new Counter(PersistenceId.of(TYPE.name(), entityId));
  }

  private Counter(PersistenceId id) {
    super(id);
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public CommandHandler<Command, Added, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Add.class, (state, add) -> Effect().persist(new Added(add.amount())).thenReply(add.replyTo(), s -> s))
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Added> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Added.class, (state, added) -> new State(state.total() + added.amount(), state.events() + 1))
        .build();
  }
}
