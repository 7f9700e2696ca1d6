package dev.aiim.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.detection.domain.monitor.Backtest;
import dev.aiim.detection.domain.monitor.MonitorSettings;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.repository.BacktestRepository;
import dev.aiim.detection.repository.BacktestRepository.StoredBacktest;
import dev.aiim.detection.repository.TelemetryRepository;
import dev.aiim.detection.repository.TelemetryRepository.BatchSpan;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backtests as jobs: a request is checked and recorded, answered at once, and run on this replica, which
 * reads the range's telemetry batch by batch in time order, replays the monitors over it
 * ({@link Backtest}) and records its progress and result. Nothing it finds is raised, and neither the
 * reference nor the settings in force change.
 */
@ApplicationScoped
public class MonitorBacktests {

    private static final Logger LOG = Logger.getLogger(MonitorBacktests.class);
    /** The longest range one backtest replays. */
    public static final Duration MAX_RANGE = Duration.ofDays(7);
    /** Backtests one replica runs at once: each keeps a core busy. */
    static final int CONCURRENT = 1;
    /** Evaluations per step: one progress update, at most one read of batches. */
    private static final int STEP = 60;
    /** A running backtest whose record has not moved for this long was abandoned by its replica. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    /** What a client asks for. */
    public record Request(@Nullable Instant from, @Nullable Instant to, @Nullable JsonNode settings,
                          @Nullable Instant faultStartedAt) {
    }

    private final ObjectMapper mapper = EventJson.configure(new ObjectMapper())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private final BacktestRepository backtests;
    private final TelemetryRepository telemetry;
    private final MonitorConfiguration configuration;
    private final References references;
    private final Telemetry systems;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();

    public MonitorBacktests(BacktestRepository backtests, TelemetryRepository telemetry,
                            MonitorConfiguration configuration, References references, Telemetry systems, Clock clock) {
        this.backtests = backtests;
        this.telemetry = telemetry;
        this.configuration = configuration;
        this.references = references;
        this.systems = systems;
        this.clock = clock;
    }

    /** Checks and records the request, starts the job, and answers its stored record (RUNNING). */
    public Uni<StoredBacktest> start(String systemId, @Nullable Request request, String by) {
        Instant now = clock.instant();
        check(request, now);
        return systems.system(systemId)
                .chain(system -> configuration.trial(systemId, request.settings(), "settings")
                        .chain(settings -> {
                            if (running.incrementAndGet() > CONCURRENT) {
                                running.decrementAndGet();
                                return Uni.createFrom().failure(new ProblemException(ProblemKind.TOO_MANY_REQUESTS,
                                        "A backtest is already running on this replica; try again when it has finished",
                                        Map.of("Retry-After", "30")));
                            }
                            UUID id = UUID.randomUUID();
                            int windows = Backtest.evaluationTimes(request.from(), request.to(),
                                    settings.evaluateEvery()).size();
                            return backtests.start(id, systemId, write(stored(request, settings)), windows, by, now)
                                    .invoke(() -> run(id, system, settings, request))
                                    .onFailure().invoke(running::decrementAndGet)
                                    .chain(() -> find(id));
                        }));
    }

    public Uni<StoredBacktest> find(UUID id) {
        return backtests.find(id).map(found -> found.orElseThrow(() -> new ResourceNotFoundException("backtest",
                id.toString())));
    }

    /** Whether a RUNNING backtest's replica stopped: its record has not moved for {@link #ABANDONED_AFTER}. */
    public boolean abandoned(StoredBacktest b) {
        return b.status() == BacktestRepository.Status.RUNNING
                && b.updatedAt().plus(ABANDONED_AFTER).isBefore(clock.instant());
    }

    private static void check(@Nullable Request r, Instant now) {
        if (r == null) {
            throw new InvalidRequestException("body", "must be a JSON object with from and to");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.from() == null) {
            errors.add(new Problem.FieldError("from", "is required (an ISO-8601 instant)"));
        }
        if (r.to() == null) {
            errors.add(new Problem.FieldError("to", "is required (an ISO-8601 instant)"));
        }
        if (r.from() != null && r.to() != null) {
            if (!r.from().isBefore(r.to())) {
                errors.add(new Problem.FieldError("to", "must be after from"));
            } else if (Duration.between(r.from(), r.to()).compareTo(MAX_RANGE) > 0) {
                errors.add(new Problem.FieldError("to",
                        "a backtest replays at most " + MAX_RANGE.toDays() + " days"));
            }
            if (r.to().isAfter(now.plus(Duration.ofMinutes(1)))) {
                errors.add(new Problem.FieldError("to", "must not be in the future"));
            }
            if (r.faultStartedAt() != null && (r.faultStartedAt().isBefore(r.from())
                    || r.faultStartedAt().isAfter(r.to()))) {
                errors.add(new Problem.FieldError("faultStartedAt",
                        "must be within from and to"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The backtest cannot run as asked", errors);
        }
    }

    private Map<String, Object> stored(Request r, MonitorSettings settings) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("from", r.from().toString());
        request.put("to", r.to().toString());
        request.put("faultStartedAt", r.faultStartedAt() == null ? null : r.faultStartedAt().toString());
        request.put("settings", settings);
        return request;
    }

    /** Runs the job; whatever happens is recorded on its row, and the slot is given back. */
    private void run(UUID id, AiSystem system, MonitorSettings settings, Request request) {
        Instant started = clock.instant();
        replay(id, system, settings, request)
                .emitOn(Infrastructure.getDefaultWorkerPool()) // the result's JSON can run to megabytes
                .chain(result -> backtests.finish(id, result.windows(), write(result), clock.instant())
                        .invoke(() -> LOG.infof("Backtest %s of %s: %d windows, %d records in %d ms", id, system.id(),
                                result.windows(), result.records(),
                                Duration.between(started, clock.instant()).toMillis())))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf(failure, "Backtest %s of %s failed", id, system.id());
                    return backtests.fail(id, String.valueOf(failure.getMessage()), clock.instant());
                })
                .onTermination().invoke(running::decrementAndGet)
                .subscribe().with(done -> { }, failure -> LOG.errorf(failure, "Backtest %s not recorded", id));
    }

    /** The records still to be added, oldest first, and the batches not yet read. */
    private static final class Feed {
        final PriorityQueue<PredictionRecord> pending = new PriorityQueue<>(
                (a, b) -> a.timestamp().compareTo(b.timestamp()));
        final List<BatchSpan> batches;
        int nextBatch;

        Feed(List<BatchSpan> batches) {
            this.batches = batches;
        }
    }

    private Uni<Backtest.Result> replay(UUID id, AiSystem system, MonitorSettings settings, Request request) {
        List<Instant> times = Backtest.evaluationTimes(request.from(), request.to(), settings.evaluateEvery());
        Instant readFrom = Backtest.readFrom(request.from(), settings);
        Instant readTo = request.to().plusMillis(1);
        return references.loaded(system.id()).chain(reference -> {
            Backtest backtest = new Backtest(system, settings, reference.map(References.Loaded::records).orElse(null),
                    reference.map(References.Loaded::profile).orElse(null),
                    reference.map(MonitorEvaluation::referenceContext).orElse(Map.of()), request.faultStartedAt());
            Instant historyTo = readFrom != null ? readFrom : request.from();
            Uni<Void> before = telemetry.minutes(system.id(), request.from().minus(Duration.ofHours(6)),
                            historyTo.truncatedTo(ChronoUnit.MINUTES))
                    .invoke(minutes -> minutes.forEach((minute, c) -> backtest.countMinute(minute, c[0], c[1])))
                    .chain(() -> settings.window().type() == MonitorSettings.WindowType.COUNT
                            ? telemetry.window(system.id(), null, request.from(), settings.window().records())
                            .invoke(records -> records.forEach(backtest::add)).replaceWithVoid()
                            : Uni.createFrom().voidItem());
            Instant first = readFrom != null ? readFrom : request.from();
            return before.chain(() -> telemetry.batches(system.id(), first, readTo))
                    .chain(batches -> {
                        Feed feed = new Feed(batches);
                        List<List<Instant>> steps = new ArrayList<>();
                        for (int i = 0; i < times.size(); i += STEP) {
                            steps.add(times.subList(i, Math.min(times.size(), i + STEP)));
                        }
                        return Multi.createFrom().iterable(steps)
                                .onItem().transformToUniAndConcatenate(step -> read(system.id(), feed,
                                        step.get(step.size() - 1).plusMillis(1), first, readTo)
                                        .emitOn(Infrastructure.getDefaultWorkerPool())
                                        .invoke(() -> {
                                            for (Instant at : step) {
                                                Instant until = at.plusMillis(1);
                                                while (!feed.pending.isEmpty()
                                                        && feed.pending.peek().timestamp().isBefore(until)) {
                                                    backtest.add(feed.pending.poll());
                                                }
                                                backtest.evaluateAt(at);
                                            }
                                        })
                                        .chain(() -> backtests.progress(id, backtest.windows(), clock.instant())))
                                .collect().last()
                                .map(done -> backtest.result());
                    });
        });
    }

    /** Reads every batch that may hold a record before {@code until} into the feed, a few hundred at a time. */
    private Uni<Void> read(String systemId, Feed feed, Instant until, Instant from, Instant to) {
        List<Long> ids = new ArrayList<>();
        long records = 0;
        while (feed.nextBatch < feed.batches.size() && feed.batches.get(feed.nextBatch).firstAt().isBefore(until)
                && records < 100_000) {
            BatchSpan span = feed.batches.get(feed.nextBatch++);
            ids.add(span.batchId());
            records += span.records();
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return telemetry.records(systemId, ids, from, to)
                .emitOn(Infrastructure.getDefaultWorkerPool()) // ordering 100,000 records is no work for the event loop
                .invoke(feed.pending::addAll)
                .chain(() -> read(systemId, feed, until, from, to));
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stored JSON (a request or a result) as a tree, for the API; empty for none. */
    public Optional<JsonNode> tree(@Nullable String json) {
        try {
            return json == null ? Optional.empty() : Optional.of(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
