package dev.aiim.notification.service;

import dev.aiim.notification.domain.ChannelSpec;
import dev.aiim.notification.domain.EscalationPolicy;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.OnCallSchedule;
import dev.aiim.notification.domain.PersonProfile;
import dev.aiim.notification.repository.ChannelRepository;
import dev.aiim.notification.repository.DirectoryChanges;
import dev.aiim.notification.repository.DocumentRows;
import dev.aiim.notification.repository.DocumentRows.Table;
import dev.aiim.notification.repository.RoutingRepository;
import dev.aiim.notification.domain.RoutingPolicy;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * People with their contact points, on-call schedules and escalation policies. Every reference (a contact
 * point's channel, a rotation's participant, a policy's target) must exist when saved; every bad field is
 * named in one 400.
 */
@ApplicationScoped
public class PeopleAdministration {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** A person as an admin writes it; {@code seniorLeader} is false unless given. */
    public record PersonCommand(String id, String name, Boolean seniorLeader,
                                List<PersonProfile.ContactPoint> contacts) {
    }

    /** A schedule as an admin writes it: times as text so that each bad one is named. */
    public record ScheduleCommand(String id, String name, List<LayerCommand> layers, List<OverrideCommand> overrides) {
    }

    public record LayerCommand(String name, List<String> participants, String handoff, String handoffTime, String zone,
                               String start) {
    }

    public record OverrideCommand(String person, Instant from, Instant to) {
    }

    /** A stored schedule: its rotation and its name. */
    public record Schedule(String id, String name, List<OnCallSchedule.Layer> layers,
                           List<OnCallSchedule.Override> overrides) {

        public OnCallSchedule rotation() {
            return new OnCallSchedule(id, layers, overrides);
        }
    }

    public record PolicyCommand(String id, String name, List<LevelCommand> levels, Integer repeat) {
    }

    public record LevelCommand(List<EscalationPolicy.Target> targets, Integer ackTimeoutMinutes) {
    }

    /** Who is on call at a time, and until when. */
    public record OnCall(String scheduleId, Instant at, String personId, String name, Instant until, String source) {
    }

    private final DocumentRows documents;
    private final DirectoryChanges directory;
    private final ChannelRepository channels;
    private final RoutingRepository routing;
    private final Clock clock;

    public PeopleAdministration(DocumentRows documents, DirectoryChanges directory, ChannelRepository channels,
                                RoutingRepository routing, Clock clock) {
        this.documents = documents;
        this.directory = directory;
        this.channels = channels;
        this.routing = routing;
        this.clock = clock;
    }

    // --- people (each change is published to the directory's topic with it)

    @WithTransaction
    public Uni<PersonProfile> createPerson(PersonCommand command, String by) {
        Instant now = clock.instant();
        return validPerson(command).chain(person -> documents.insert(Table.PERSON, person.id(), person, now)
                .chain(inserted -> {
                    if (!inserted) {
                        throw new ConflictException("A person with id '" + person.id() + "' exists already");
                    }
                    return directory.registered(person.directoryEntry(), by, now);
                })
                .replaceWith(person));
    }

    @WithTransaction
    public Uni<PersonProfile> replacePerson(String id, PersonCommand command, String by) {
        Instant now = clock.instant();
        PersonCommand withId = new PersonCommand(id, command.name(), command.seniorLeader(), command.contacts());
        return validPerson(withId).chain(person -> documents.replace(Table.PERSON, id, person, now)
                .chain(replaced -> {
                    if (!replaced) {
                        throw new ResourceNotFoundException("Person", id);
                    }
                    return directory.updated(person.directoryEntry(), by, now);
                })
                .replaceWith(person));
    }

    @WithSession
    public Uni<List<PersonProfile>> people() {
        return documents.list(Table.PERSON, PersonProfile.class);
    }

    @WithSession
    public Uni<PersonProfile> person(String id) {
        return documents.find(Table.PERSON, id, PersonProfile.class)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Person", id)));
    }

    /** Removes a person nobody's schedule, escalation policy or routing document still names. */
    @WithTransaction
    public Uni<Void> deletePerson(String id, String by) {
        return references(id, null, null).chain(() -> documents.delete(Table.PERSON, id)).chain(deleted -> {
            if (!deleted) {
                throw new ResourceNotFoundException("Person", id);
            }
            return directory.removed(id, by, clock.instant());
        });
    }

    private Uni<PersonProfile> validPerson(PersonCommand command) {
        return channels.list().map(all -> {
            Map<String, NotificationChannel> byId = all.stream().map(ChannelRepository.StoredChannel::channel)
                    .collect(Collectors.toMap(NotificationChannel::id, Function.identity()));
            Map<String, String> problems = new LinkedHashMap<>();
            checkId(command.id(), problems);
            checkName(command.name(), problems);
            List<PersonProfile.ContactPoint> contacts = command.contacts() == null ? List.of() : command.contacts();
            if (contacts.size() > 10) {
                problems.put("contacts", "must hold at most 10 contact points");
            }
            for (int i = 0; i < contacts.size(); i++) {
                PersonProfile.ContactPoint contact = contacts.get(i);
                String field = "contacts[" + i + "]";
                NotificationChannel channel = contact == null || contact.channelId() == null ? null
                        : byId.get(contact.channelId());
                if (channel == null) {
                    problems.put(field + ".channelId", "must name an existing channel");
                    continue;
                }
                if (ChannelSpec.needsAddress(channel.type()) || contact.address() != null) {
                    String problem = ChannelSpec.addressProblem(channel.type(), contact.address());
                    if (problem != null) {
                        problems.put(field + ".address", problem);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw ChannelAdministration.invalid(problems);
            }
            return new PersonProfile(command.id(), command.name().trim(), Boolean.TRUE.equals(command.seniorLeader()),
                    contacts);
        });
    }

    // --- schedules

    @WithTransaction
    public Uni<Schedule> createSchedule(ScheduleCommand command) {
        return validSchedule(command).chain(schedule -> documents.insert(Table.SCHEDULE, schedule.id(), schedule,
                clock.instant()).map(inserted -> {
                    if (!inserted) {
                        throw new ConflictException("A schedule with id '" + schedule.id() + "' exists already");
                    }
                    return schedule;
                }));
    }

    @WithTransaction
    public Uni<Schedule> replaceSchedule(String id, ScheduleCommand command) {
        ScheduleCommand withId = new ScheduleCommand(id, command.name(), command.layers(), command.overrides());
        return validSchedule(withId).chain(schedule -> documents.replace(Table.SCHEDULE, id, schedule, clock.instant())
                .map(replaced -> {
                    if (!replaced) {
                        throw new ResourceNotFoundException("Schedule", id);
                    }
                    return schedule;
                }));
    }

    /** Adds one override (someone covering a period); the newest override wins where they overlap. */
    @WithTransaction
    public Uni<Schedule> addOverride(String scheduleId, OverrideCommand command) {
        return schedule(scheduleId).chain(schedule -> personIds().map(known -> {
            Map<String, String> problems = new LinkedHashMap<>();
            checkOverride(command, "", known, problems);
            if (!problems.isEmpty()) {
                throw ChannelAdministration.invalid(problems);
            }
            List<OnCallSchedule.Override> overrides = new ArrayList<>(schedule.overrides());
            overrides.add(new OnCallSchedule.Override(command.person(), command.from(), command.to(), clock.instant()));
            return new Schedule(schedule.id(), schedule.name(), schedule.layers(), overrides);
        })).chain(updated -> documents.replace(Table.SCHEDULE, scheduleId, updated, clock.instant()).replaceWith(updated));
    }

    @WithSession
    public Uni<List<Schedule>> schedules() {
        return documents.list(Table.SCHEDULE, Schedule.class);
    }

    @WithSession
    public Uni<Schedule> schedule(String id) {
        return documents.find(Table.SCHEDULE, id, Schedule.class)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Schedule", id)));
    }

    @WithSession
    public Uni<OnCall> onCall(String scheduleId, Instant at) {
        Instant when = at == null ? clock.instant() : at;
        return documents.find(Table.SCHEDULE, scheduleId, Schedule.class).chain(found -> {
            Schedule schedule = found.orElseThrow(() -> new ResourceNotFoundException("Schedule", scheduleId));
            Optional<OnCallSchedule.Shift> shift = schedule.rotation().shiftAt(when);
            if (shift.isEmpty()) {
                return Uni.createFrom().item(new OnCall(scheduleId, when, null, null, null, "nobody is on call"));
            }
            return documents.find(Table.PERSON, shift.get().person(), PersonProfile.class)
                    .map(person -> new OnCall(scheduleId, when, shift.get().person(),
                            person.map(PersonProfile::name).orElse(null), shift.get().until(), shift.get().source()));
        });
    }

    /** Removes a schedule no escalation policy pages. */
    @WithTransaction
    public Uni<Void> deleteSchedule(String id) {
        return references(null, id, null).chain(() -> documents.delete(Table.SCHEDULE, id)).map(deleted -> {
            if (!deleted) {
                throw new ResourceNotFoundException("Schedule", id);
            }
            return null;
        });
    }

    private Uni<Schedule> validSchedule(ScheduleCommand command) {
        return personIds().map(known -> {
            Map<String, String> problems = new LinkedHashMap<>();
            checkId(command.id(), problems);
            checkName(command.name(), problems);
            List<LayerCommand> layers = command.layers() == null ? List.of() : command.layers();
            if (layers.isEmpty() || layers.size() > 10) {
                problems.put("layers", "must hold 1 to 10 rotation layers");
            }
            List<OnCallSchedule.Layer> built = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                String field = "layers[" + i + "]";
                LayerCommand layer = layers.get(i);
                if (layer == null) {
                    problems.put(field, "must be a rotation layer");
                    continue;
                }
                int before = problems.size();
                List<String> participants = layer.participants() == null ? List.of() : layer.participants();
                if (participants.isEmpty() || participants.size() > 100) {
                    problems.put(field + ".participants", "must name 1 to 100 people");
                }
                for (int p = 0; p < participants.size(); p++) {
                    if (!known.contains(participants.get(p))) {
                        problems.put(field + ".participants[" + p + "]", "must be the id of a registered person");
                    }
                }
                OnCallSchedule.Handoff handoff = parse(() -> OnCallSchedule.Handoff.valueOf(layer.handoff()),
                        field + ".handoff", "must be DAILY or WEEKLY", problems);
                LocalTime time = parse(() -> LocalTime.parse(layer.handoffTime()), field + ".handoffTime",
                        "must be a local time like 09:00", problems);
                ZoneId zone = parse(() -> ZoneId.of(layer.zone()), field + ".zone",
                        "must be a time-zone id like Europe/Berlin", problems);
                LocalDate start = parse(() -> LocalDate.parse(layer.start()), field + ".start",
                        "must be a date like 2026-11-02 (the first hand-off)", problems);
                if (problems.size() == before) {
                    built.add(new OnCallSchedule.Layer(layer.name() == null ? "layer " + (i + 1) : layer.name(),
                            participants, handoff, time, zone, start));
                }
            }
            List<OverrideCommand> overrides = command.overrides() == null ? List.of() : command.overrides();
            List<OnCallSchedule.Override> builtOverrides = new ArrayList<>();
            for (int i = 0; i < overrides.size(); i++) {
                int before = problems.size();
                checkOverride(overrides.get(i), "overrides[" + i + "].", known, problems);
                if (problems.size() == before) {
                    OverrideCommand o = overrides.get(i);
                    builtOverrides.add(new OnCallSchedule.Override(o.person(), o.from(), o.to(), clock.instant()));
                }
            }
            if (!problems.isEmpty()) {
                throw ChannelAdministration.invalid(problems);
            }
            return new Schedule(command.id(), command.name().trim(), built, builtOverrides);
        });
    }

    private static void checkOverride(OverrideCommand o, String prefix, Set<String> known, Map<String, String> problems) {
        if (o == null) {
            problems.put(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be an override");
            return;
        }
        if (o.person() == null || !known.contains(o.person())) {
            problems.put(prefix + "person", "must be the id of a registered person");
        }
        if (o.from() == null) {
            problems.put(prefix + "from", "is required");
        }
        if (o.to() == null) {
            problems.put(prefix + "to", "is required");
        } else if (o.from() != null && !o.from().isBefore(o.to())) {
            problems.put(prefix + "to", "must be after from");
        }
    }

    // --- escalation policies

    @WithTransaction
    public Uni<EscalationPolicy> createPolicy(PolicyCommand command) {
        return validPolicy(command).chain(policy -> documents.insert(Table.ESCALATION_POLICY, policy.id(), policy,
                clock.instant()).map(inserted -> {
                    if (!inserted) {
                        throw new ConflictException("An escalation policy with id '" + policy.id() + "' exists already");
                    }
                    return policy;
                }));
    }

    @WithTransaction
    public Uni<EscalationPolicy> replacePolicy(String id, PolicyCommand command) {
        PolicyCommand withId = new PolicyCommand(id, command.name(), command.levels(), command.repeat());
        return validPolicy(withId).chain(policy -> documents.replace(Table.ESCALATION_POLICY, id, policy,
                clock.instant()).map(replaced -> {
                    if (!replaced) {
                        throw new ResourceNotFoundException("Escalation policy", id);
                    }
                    return policy;
                }));
    }

    @WithSession
    public Uni<List<EscalationPolicy>> policies() {
        return documents.list(Table.ESCALATION_POLICY, EscalationPolicy.class);
    }

    @WithSession
    public Uni<EscalationPolicy> policy(String id) {
        return documents.find(Table.ESCALATION_POLICY, id, EscalationPolicy.class)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Escalation policy", id)));
    }

    /** Removes an escalation policy the routing document does not use. */
    @WithTransaction
    public Uni<Void> deletePolicy(String id) {
        return references(null, null, id).chain(() -> documents.delete(Table.ESCALATION_POLICY, id)).map(deleted -> {
            if (!deleted) {
                throw new ResourceNotFoundException("Escalation policy", id);
            }
            return null;
        });
    }

    private Uni<EscalationPolicy> validPolicy(PolicyCommand command) {
        return personIds().chain(people -> documents.list(Table.SCHEDULE, Schedule.class).map(schedules -> {
            Set<String> scheduleIds = schedules.stream().map(Schedule::id).collect(Collectors.toSet());
            Map<String, String> problems = new LinkedHashMap<>();
            checkId(command.id(), problems);
            checkName(command.name(), problems);
            List<LevelCommand> levels = command.levels() == null ? List.of() : command.levels();
            if (levels.isEmpty() || levels.size() > 10) {
                problems.put("levels", "must hold 1 to 10 escalation levels");
            }
            List<EscalationPolicy.Level> built = new ArrayList<>();
            for (int i = 0; i < levels.size(); i++) {
                String field = "levels[" + i + "]";
                LevelCommand level = levels.get(i);
                List<EscalationPolicy.Target> targets = level == null || level.targets() == null ? List.of()
                        : level.targets();
                if (targets.isEmpty() || targets.size() > 10) {
                    problems.put(field + ".targets", "must name 1 to 10 schedules or people");
                }
                for (int t = 0; t < targets.size(); t++) {
                    EscalationPolicy.Target target = targets.get(t);
                    String targetField = field + ".targets[" + t + "]";
                    if (target == null || target.kind() == null) {
                        problems.put(targetField + ".kind", "must be SCHEDULE or PERSON");
                    } else if (target.kind() == EscalationPolicy.TargetKind.SCHEDULE
                            ? !scheduleIds.contains(target.id()) : !people.contains(target.id())) {
                        problems.put(targetField + ".id", "must be the id of an existing "
                                + (target.kind() == EscalationPolicy.TargetKind.SCHEDULE ? "schedule" : "person"));
                    }
                }
                Integer timeout = level == null ? null : level.ackTimeoutMinutes();
                if (timeout == null || timeout < 1 || timeout > 1440) {
                    problems.put(field + ".ackTimeoutMinutes", "must be 1 to 1440 minutes");
                }
                if (level != null && timeout != null) {
                    built.add(new EscalationPolicy.Level(targets, timeout));
                }
            }
            int repeat = command.repeat() == null ? 0 : command.repeat();
            if (repeat < 0 || repeat > EscalationPolicy.MAX_REPEAT) {
                problems.put("repeat", "must be 0 to " + EscalationPolicy.MAX_REPEAT);
            }
            if (!problems.isEmpty()) {
                throw ChannelAdministration.invalid(problems);
            }
            return new EscalationPolicy(command.id(), command.name().trim(), built, repeat);
        }));
    }

    // --- shared checks

    /** 409 naming whatever still refers to the person, schedule or policy about to be removed. */
    private Uni<Void> references(String personId, String scheduleId, String policyId) {
        return documents.list(Table.SCHEDULE, Schedule.class).chain(schedules -> documents
                .list(Table.ESCALATION_POLICY, EscalationPolicy.class).chain(policies -> routing.current().map(current -> {
                    List<String> users = new ArrayList<>();
                    if (personId != null) {
                        schedules.stream().filter(sc -> sc.layers().stream().anyMatch(l -> l.participants().contains(personId))
                                        || sc.overrides().stream().anyMatch(o -> o.person().equals(personId)))
                                .forEach(sc -> users.add("schedule " + sc.id()));
                        policies.stream().filter(p -> targets(p, EscalationPolicy.TargetKind.PERSON, personId))
                                .forEach(p -> users.add("escalation policy " + p.id()));
                        RoutingPolicy r = current.policy();
                        if (r.leadership().contains(personId) || r.compliance().contains(personId)
                                || r.drillAudience().contains(personId)) {
                            users.add("the routing document");
                        }
                    }
                    if (scheduleId != null) {
                        policies.stream().filter(p -> targets(p, EscalationPolicy.TargetKind.SCHEDULE, scheduleId))
                                .forEach(p -> users.add("escalation policy " + p.id()));
                    }
                    if (policyId != null && (policyId.equals(current.policy().defaultEscalationPolicyId())
                            || current.policy().teamEscalationPolicies().containsValue(policyId))) {
                        users.add("the routing document");
                    }
                    if (!users.isEmpty()) {
                        throw new ConflictException(String.join(", ", users) + " still refer to it; change those first");
                    }
                    return null;
                })));
    }

    private static boolean targets(EscalationPolicy policy, EscalationPolicy.TargetKind kind, String id) {
        return policy.levels().stream().flatMap(l -> l.targets().stream())
                .anyMatch(t -> t.kind() == kind && t.id().equals(id));
    }

    Uni<Set<String>> personIds() {
        return documents.list(Table.PERSON, PersonProfile.class)
                .map(people -> people.stream().map(PersonProfile::id).collect(Collectors.toSet()));
    }

    private static void checkId(String id, Map<String, String> problems) {
        if (id == null || !ID.matcher(id).matches()) {
            problems.put("id", "must be 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
    }

    private static void checkName(String name, Map<String, String> problems) {
        if (name == null || name.isBlank() || name.length() > 200) {
            problems.put("name", "must be 1 to 200 characters");
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String field, String message,
                               Map<String, String> problems) {
        try {
            return parser.get();
        } catch (NullPointerException | IllegalArgumentException | DateTimeException e) {
            problems.put(field, message);
            return null;
        }
    }
}
