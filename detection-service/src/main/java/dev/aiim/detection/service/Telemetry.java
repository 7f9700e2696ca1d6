package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.domain.monitor.TelemetryValidation;
import dev.aiim.detection.domain.monitor.TelemetryValidation.Checked;
import dev.aiim.detection.domain.monitor.TelemetryValidation.FieldProblem;
import dev.aiim.detection.domain.monitor.TelemetryValidation.RawLabel;
import dev.aiim.detection.domain.monitor.TelemetryValidation.RawPrediction;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.repository.TelemetryRepository;
import dev.aiim.platform.persistence.UniqueViolation;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Model telemetry in: prediction batches and labels. A batch is checked record by record first; without
 * {@code partial} one bad record refuses the whole batch (400 naming every bad record), with it the good
 * records are stored and the bad ones listed. What is stored is stored in one transaction: a batch is
 * never half-written, and a retried batch (same prediction ids) is not counted twice.
 */
@ApplicationScoped
public class Telemetry {

    private static final Logger LOG = Logger.getLogger(Telemetry.class);
    /** A 400 lists at most this many field errors; the detail gives the full count. */
    static final int MAX_LISTED_ERRORS = 1_000;

    private final Pool pool;
    private final TelemetryRepository telemetry;
    private final MonitorRepository monitors;
    private final Clock clock;
    private final DetectionConfig config;

    public Telemetry(Pool pool, TelemetryRepository telemetry, MonitorRepository monitors, Clock clock,
                     DetectionConfig config) {
        this.config = config;
        this.pool = pool;
        this.telemetry = telemetry;
        this.monitors = monitors;
        this.clock = clock;
    }

    /** A record refused, by its index in the request. */
    public record Rejected(int index, List<FieldProblem> errors) {
    }

    /**
     * @param duplicates records whose id was already stored (a retried batch): accepted, not stored twice
     */
    public record Accepted(int accepted, int duplicates, List<Rejected> rejected) {
    }

    public Uni<AiSystem> system(String systemId) {
        return monitors.system(systemId).map(found -> found.orElseThrow(
                () -> new ResourceNotFoundException("AI system", systemId)));
    }

    /** The windows of a registered system's telemetry that incidents hold as evidence (retention skips them). */
    public Uni<List<TelemetryRepository.EvidenceHold>> evidence(String systemId) {
        return system(systemId).chain(() -> telemetry.holds(systemId, clock.instant(),
                config.monitors().evidenceKeptAfterClose()));
    }

    /** A registered system's recorded monitor checks, newest first ({@code kind} optional). */
    public Uni<List<MonitorRepository.Check>> checks(String systemId, @Nullable String kind, int limit) {
        return system(systemId).chain(() -> monitors.checks(systemId, kind, limit));
    }

    public Uni<Accepted> predictions(String systemId, List<RawPrediction> records, boolean partial) {
        if (records == null) {
            throw new InvalidRequestException("records", "is required: a list of prediction records");
        }
        if (records.size() > TelemetryValidation.MAX_BATCH) {
            throw new InvalidRequestException("records", "must hold at most " + TelemetryValidation.MAX_BATCH
                    + " records (this batch has " + records.size() + "); split it");
        }
        Instant now = clock.instant();
        // An unknown system is 404 whatever the records hold.
        return system(systemId).chain(system -> {
            List<Checked> checked = TelemetryValidation.predictions(records, now);
            List<Rejected> rejected = rejected(checked.stream().map(Checked::problems).toList());
            if (!rejected.isEmpty() && !partial) {
                throw invalid("records", rejected, records.size());
            }
            List<PredictionRecord> valid = checked.stream().filter(Checked::valid).map(Checked::record).toList();
            return store(systemId, valid, now).map(stored -> new Accepted(valid.size(), valid.size() - stored, rejected));
        });
    }

    /** Stores the records not stored before; answers how many that was. */
    private Uni<Integer> store(String systemId, List<PredictionRecord> records, Instant now) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(c -> telemetry.knownIds(c, systemId, records)
                .chain(known -> {
                    List<PredictionRecord> stored = known.isEmpty() ? records
                            : records.stream().filter(r -> !known.contains(r.id())).toList();
                    if (stored.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // Sent together, the statements are pipelined on the connection: the batch is encoded here
                    // while PostgreSQL inserts the ids.
                    return Uni.combine().all().unis(telemetry.insertIds(c, systemId, stored),
                                    telemetry.storeBatch(c, systemId, now, stored)).discardItems()
                            .chain(() -> telemetry.countMinutes(c, systemId, stored))
                            .replaceWith(stored.size());
                }))
                .onFailure(UniqueViolation::isCause).retry().atMost(2)
                .invoke(stored -> LOG.debugf("System %s: %d predictions stored", systemId, stored));
    }

    /**
     * Labels join stored predictions by id. A label for an id this system never sent is refused like a bad
     * record (every label checked before anything is written).
     */
    public Uni<Accepted> labels(String systemId, List<RawLabel> labels, boolean partial) {
        if (labels == null) {
            throw new InvalidRequestException("labels", "is required: a list of {predictionId, label}");
        }
        if (labels.size() > TelemetryValidation.MAX_BATCH) {
            throw new InvalidRequestException("labels", "must hold at most " + TelemetryValidation.MAX_BATCH
                    + " labels (this request has " + labels.size() + "); split it");
        }
        List<List<FieldProblem>> problems = TelemetryValidation.labels(labels);
        List<Rejected> invalid = rejected(problems);
        if (!invalid.isEmpty() && !partial) {
            throw invalid("labels", invalid, labels.size());
        }
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (problems.get(i).isEmpty()) {
                valid.add(i);
            }
        }
        Instant now = clock.instant();
        return system(systemId).chain(system -> valid.isEmpty() ? Uni.createFrom().item(new Accepted(0, 0, invalid))
                : pool.withTransaction(c -> telemetry.label(c, systemId,
                                valid.stream().map(i -> labels.get(i).predictionId()).toList(),
                                valid.stream().map(i -> TelemetryValidation.labelText(labels.get(i))).toList(), now)
                        .map(matched -> {
                            List<Rejected> all = new ArrayList<>(invalid);
                            all.addAll(unknown(labels, valid, matched));
                            all.sort((a, b) -> Integer.compare(a.index(), b.index()));
                            if (all.size() > invalid.size() && !partial) {
                                // Thrown inside the transaction: the labels that did match are rolled back too.
                                throw invalid("labels", all, labels.size());
                            }
                            return new Accepted(matched.size(), 0, all);
                        })));
    }

    private static List<Rejected> unknown(List<RawLabel> labels, List<Integer> valid, Set<String> matched) {
        List<Rejected> unknown = new ArrayList<>();
        for (int i : valid) {
            if (!matched.contains(labels.get(i).predictionId())) {
                unknown.add(new Rejected(i, List.of(new FieldProblem("predictionId",
                        "no stored prediction of this system has this id"))));
            }
        }
        return unknown;
    }

    private static List<Rejected> rejected(List<List<FieldProblem>> problems) {
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            if (!problems.get(i).isEmpty()) {
                rejected.add(new Rejected(i, problems.get(i)));
            }
        }
        return rejected;
    }

    /** The 400 for a batch with bad entries: one field error per problem, as {@code records[3].timestamp}. */
    static InvalidRequestException invalid(String list, List<Rejected> rejected, int size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Rejected r : rejected) {
            for (FieldProblem p : r.errors()) {
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.add(new Problem.FieldError(list + "[" + r.index() + "]"
                            + (p.field().isEmpty() ? "" : "." + p.field()), p.message()));
                }
            }
        }
        return new InvalidRequestException(rejected.size() + " of " + size + " " + list + " are invalid and nothing was"
                + " stored; fix them, or send ?partial=true to store the valid ones"
                + (errors.size() == MAX_LISTED_ERRORS ? " (the first " + MAX_LISTED_ERRORS + " errors are listed)" : ""),
                errors);
    }
}
