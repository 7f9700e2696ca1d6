package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.monitor.MonitorSettings;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.domain.monitor.ReferenceProfile;
import dev.aiim.detection.domain.monitor.TelemetryValidation;
import dev.aiim.detection.domain.monitor.TelemetryValidation.Checked;
import dev.aiim.detection.domain.monitor.TelemetryValidation.RawPrediction;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.repository.MonitorRepository.Reference;
import dev.aiim.detection.repository.TelemetryRepository;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference window drift and performance compare against: either the stored predictions between two
 * times, or a batch uploaded for the purpose. It is copied when set (with the labels known then), so later
 * retention never changes what "normal" means; its profile is computed once per version and cached.
 */
@ApplicationScoped
public class References {

    /** Fewer reference records than this make drift tests weak; the answer says so. */
    static final int ADVISED_MINIMUM = 500;

    private final TelemetryRepository telemetry;
    private final MonitorRepository monitors;
    private final Telemetry systems;
    private final Clock clock;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    public References(TelemetryRepository telemetry, MonitorRepository monitors, Telemetry systems, Clock clock) {
        this.telemetry = telemetry;
        this.monitors = monitors;
        this.systems = systems;
        this.clock = clock;
    }

    /** A reference as the monitors use it. */
    public record Loaded(Reference reference, List<PredictionRecord> records, ReferenceProfile profile) {
    }

    /** How a reference is described to clients. */
    public record View(String systemId, long version, String source, @Nullable Instant from, @Nullable Instant to,
                       int records, int labelled, List<String> features, Instant setAt, String setBy,
                       List<String> warnings) {
    }

    public Uni<View> set(String systemId, @Nullable Instant from, @Nullable Instant to,
                         @Nullable List<RawPrediction> records, String by) {
        boolean range = from != null || to != null;
        if (range == (records != null)) {
            throw new InvalidRequestException("body", "must give either from and to (a window of stored predictions) or"
                    + " records (an uploaded reference), not both or neither");
        }
        Instant now = clock.instant();
        Uni<List<PredictionRecord>> chosen;
        String source;
        if (range) {
            if (from == null || to == null || !from.isBefore(to)) {
                throw new InvalidRequestException(from == null ? "from" : "to", from == null || to == null
                        ? "is required with a range" : "must be after from");
            }
            source = "RANGE";
            chosen = systems.system(systemId).chain(() -> telemetry.countAbout(systemId, from, to)).chain(about -> {
                // Counted before reading: a month of a busy model must not be loaded only to be refused.
                if (about > 2L * MonitorSettings.MAX_WINDOW_RECORDS) {
                    throw tooMany("to", about);
                }
                return telemetry.window(systemId, from, to, MonitorSettings.MAX_WINDOW_RECORDS + 1);
            }).invoke(found -> {
                if (found.isEmpty()) {
                    throw new InvalidRequestException("from", "no stored predictions of this system fall between "
                            + from + " and " + to);
                }
            });
        } else {
            if (records.isEmpty()) {
                throw new InvalidRequestException("records", "must hold at least one prediction record");
            }
            List<Checked> checked = TelemetryValidation.predictions(records, now);
            List<Telemetry.Rejected> rejected = new ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                if (!checked.get(i).valid()) {
                    rejected.add(new Telemetry.Rejected(i, checked.get(i).problems()));
                }
            }
            if (!rejected.isEmpty()) {
                throw Telemetry.invalid("records", rejected, records.size());
            }
            source = "UPLOAD";
            List<PredictionRecord> valid = checked.stream().map(Checked::record).toList();
            chosen = systems.system(systemId).replaceWith(valid);
        }
        return chosen.invoke(found -> {
                    if (found.size() > MonitorSettings.MAX_WINDOW_RECORDS) {
                        throw tooMany(range ? "to" : "records", found.size());
                    }
                })
                .chain(found -> monitors.saveReference(systemId, source, from, to, found, by, now)
                        .invoke(saved -> cache.remove(systemId))
                        .map(saved -> view(systemId, saved, ReferenceProfile.featureNames(found))));
    }

    private static InvalidRequestException tooMany(String field, long records) {
        return new InvalidRequestException(field, "the reference would hold " + (field.equals("to") ? "about " : "")
                + records + " records; at most " + MonitorSettings.MAX_WINDOW_RECORDS + " are kept, so choose a"
                + " shorter window");
    }

    public Uni<View> get(String systemId) {
        return systems.system(systemId).chain(() -> loaded(systemId)).map(found -> found
                .map(l -> view(systemId, l))
                .orElseThrow(() -> new ProblemException(ProblemKind.NOT_FOUND, "No reference window is set for AI"
                        + " system " + systemId + "; PUT one to /api/v1/systems/" + systemId + "/reference")));
    }

    /** The reference with its profile, computed off the event loop the first time a version is used. */
    public Uni<Optional<Loaded>> loaded(String systemId) {
        return monitors.reference(systemId, false).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Loaded>empty());
            }
            Loaded cached = cache.get(systemId);
            if (cached != null && cached.reference().version() == found.get().version()) {
                return Uni.createFrom().item(Optional.of(cached));
            }
            return monitors.reference(systemId, true)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(full -> full.map(r -> {
                        Loaded loaded = new Loaded(r, r.records(),
                                ReferenceProfile.of(r.records(), ReferenceProfile.featureNames(r.records())));
                        cache.put(systemId, loaded);
                        return loaded;
                    }));
        });
    }

    static View view(String systemId, Loaded loaded) {
        return view(systemId, loaded.reference(), List.copyOf(loaded.profile().features().keySet()));
    }

    private static View view(String systemId, Reference r, List<String> features) {
        List<String> warnings = new ArrayList<>();
        if (r.size() < ADVISED_MINIMUM) {
            warnings.add("The reference has " + r.size() + " records; drift tests are weak below " + ADVISED_MINIMUM);
        }
        if (r.labelled() == 0) {
            warnings.add("No reference record has a label, so the performance monitor cannot judge quality; label the"
                    + " reference predictions (POST /labels) and set the reference again");
        }
        return new View(systemId, r.version(), r.source(), r.from(), r.to(), r.size(), r.labelled(), features, r.setAt(),
                r.setBy(), warnings);
    }
}
