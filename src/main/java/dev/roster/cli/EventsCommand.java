package dev.roster.cli;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.events.EventJson;
import dev.roster.store.Database;
import dev.roster.store.EventStore;
import dev.roster.store.EventStore.Retry;
import dev.roster.store.StoredEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster events list|redeliver}: the change events kept in the store and how far each sink has
 * delivered them, and sending some again. Opens the store directly, like {@code roster keys}; a running
 * server picks redeliveries up within a moment.
 */
@Command(name = "events", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Look at change events and their delivery, and send events again.",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.Redeliver.class})
final class EventsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: list or redeliver");
    }

    private <T> T withEvents(StoreOptions store, Function<EventStore, T> work) {
        RosterConfig config;
        try {
            config = store.applyTo(RosterConfig.builder(), main.env()).databasePoolSize(1).build();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        try (Database database = Roster.openDatabase(config)) {
            return work.apply(database.eventStore());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "List the newest events, oldest first, with their delivery on each sink: delivered,"
                    + " pending (not reached yet, or waiting for a retry) or failed (out of attempts).")
    static final class ListEvents implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private EventsCommand parent;

        @Mixin
        private StoreOptions store;

        @Option(names = "--failed", description = "Only events that failed on some sink.")
        private boolean failed;

        @Option(names = "--app", paramLabel = "APPID", description = "Only this app's events.")
        private Integer app;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "At most this many events, the newest. Default: ${DEFAULT-VALUE}")
        private int limit;

        @Option(names = "--json", description = "One event per line as JSON (as ListUserEvents returns them).")
        private boolean json;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100_000) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be from 1 to 100000");
            }
            PrintWriter out = spec.commandLine().getOut();
            parent.withEvents(store, events -> {
                List<StoredEvent> found = new ArrayList<>(events.recent(app, failed, limit));
                Collections.reverse(found); // listed oldest first, as a log reads
                if (json) {
                    found.forEach(event -> out.println(EventJson.of(event)));
                    return null;
                }
                Map<String, Long> sinks = events.sinkPositions();
                List<Retry> retries = events.retriesOf(found.stream().map(StoredEvent::seq).toList());
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("Sequence", "EventId", "Time (UTC)", "Type", "AppId", "UserId", "Action", "Delivery"));
                for (StoredEvent event : found) {
                    rows.add(List.of(Long.toString(event.seq()), event.eventId(),
                            Instant.ofEpochMilli(event.time()).toString(), event.type(), Integer.toString(event.appId()),
                            EventJson.isBroadcast(event) ? "-" : Long.toString(event.userId()), event.action(),
                            delivery(event, sinks, retries)));
                }
                Answers.table(rows, out);
                if (sinks.isEmpty()) {
                    out.println("no sink has been configured on this store (serve --webhook-url, --kafka-bootstrap)");
                }
                return null;
            });
            out.flush();
            return 0;
        }

        /** {@code sink: state} for every sink, separated by {@code ; }. */
        private static String delivery(StoredEvent event, Map<String, Long> sinks, List<Retry> retries) {
            List<String> states = new ArrayList<>();
            sinks.forEach((sink, position) -> {
                Optional<Retry> retry = retries.stream()
                        .filter(r -> r.seq() == event.seq() && r.sink().equals(sink)).findFirst();
                String state;
                if (retry.isPresent()) {
                    Retry r = retry.get();
                    state = r.failed() ? "failed after " + r.attempts() + " attempts (" + r.lastError() + ")"
                            : r.attempts() == 0 ? "pending (" + r.lastError() + ")"
                            : "pending, " + r.attempts() + " attempts (" + r.lastError() + "), next at "
                                    + Instant.ofEpochMilli(r.nextAttempt());
                } else {
                    state = event.seq() <= position ? "delivered" : "pending";
                }
                states.add(sink + ": " + state);
            });
            return String.join("; ", states);
        }
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Send an event again on every sink that has taken it (even if delivered), or every failed"
                    + " event, from a first attempt. Order per user still holds: a user's later events wait.")
    static final class Redeliver implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private EventsCommand parent;

        @Mixin
        private StoreOptions store;

        @ArgGroup(multiplicity = "1")
        private Which which;

        static final class Which {
            @Parameters(paramLabel = "EVENT_ID", description = "The EventId (evt_…) to send again.")
            private String eventId;

            @Option(names = "--failed", required = true, description = "Every event that failed, on its sink.")
            private boolean failed;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long now = System.currentTimeMillis();
            if (which.failed) {
                int count = parent.withEvents(store, events -> events.redeliverFailed(now));
                out.println(count + " failed deliveries will be tried again");
            } else {
                Optional<Integer> sinks = parent.withEvents(store, events -> events.redeliver(which.eventId, now));
                if (sinks.isEmpty()) {
                    throw new CommandFailure("no event " + which.eventId + " is kept (pruned, or never written)");
                }
                out.println(which.eventId + " will be sent again on " + sinks.get() + " sinks");
            }
            out.flush();
            return 0;
        }
    }
}
