package dev.aiim.notification.rest;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.EscalationPolicy;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.OnCallSchedule;
import dev.aiim.notification.domain.PersonProfile;
import dev.aiim.notification.service.PeopleAdministration;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * What the administration API answers: channels, people, on-call schedules and escalation policies as their own
 * records, so a change to the domain's types is a decision here and not a silent change of the API.
 */
final class AdministrationViews {

    private AdministrationViews() {
    }

    /** A channel: never its secret, its URL only as far as the host. */
    record ChannelView(String id, ChannelType type, String name, String urlHint, boolean hasSecret,
                       Map<String, String> settings, boolean allowPrivateNetwork, Instant createdAt,
                       String createdBy) {

        static ChannelView of(NotificationChannel c) {
            return new ChannelView(c.id(), c.type(), c.name(), c.urlHint(), c.hasSecret(), c.settings(),
                    c.allowPrivateNetwork(), c.createdAt(), c.createdBy());
        }
    }

    /** A person and their contact points, in the order a page tries them. */
    record PersonView(String id, String name, boolean seniorLeader, List<ContactPointView> contacts) {

        static PersonView of(PersonProfile p) {
            return new PersonView(p.id(), p.name(), p.seniorLeader(), p.contacts().stream()
                    .map(c -> new ContactPointView(c.channelId(), c.address())).toList());
        }
    }

    record ContactPointView(String channelId, String address) {
    }

    /** An on-call schedule: its rotation layers and overrides. */
    record ScheduleView(String id, String name, List<LayerView> layers, List<OverrideView> overrides) {

        static ScheduleView of(PeopleAdministration.Schedule s) {
            return new ScheduleView(s.id(), s.name(), s.layers().stream().map(LayerView::of).toList(),
                    s.overrides().stream().map(o -> new OverrideView(o.person(), o.from(), o.to(), o.createdAt()))
                            .toList());
        }
    }

    record LayerView(String name, List<String> participants, OnCallSchedule.Handoff handoff, LocalTime handoffTime,
                     ZoneId zone, LocalDate start) {

        static LayerView of(OnCallSchedule.Layer l) {
            return new LayerView(l.name(), l.participants(), l.handoff(), l.handoffTime(), l.zone(), l.start());
        }
    }

    record OverrideView(String person, Instant from, Instant to, Instant createdAt) {
    }

    /** Who is on call at a time, and until when. */
    record OnCallView(String scheduleId, Instant at, String personId, String name, Instant until, String source) {

        static OnCallView of(PeopleAdministration.OnCall o) {
            return new OnCallView(o.scheduleId(), o.at(), o.personId(), o.name(), o.until(), o.source());
        }
    }

    /** An escalation policy: levels paged in turn, round after round up to {@code repeat}. */
    record EscalationPolicyView(String id, String name, List<LevelView> levels, int repeat) {

        static EscalationPolicyView of(EscalationPolicy p) {
            return new EscalationPolicyView(p.id(), p.name(), p.levels().stream()
                    .map(l -> new LevelView(l.targets().stream().map(t -> new TargetView(t.kind(), t.id())).toList(),
                            l.ackTimeoutMinutes()))
                    .toList(), p.repeat());
        }
    }

    record LevelView(List<TargetView> targets, int ackTimeoutMinutes) {
    }

    record TargetView(EscalationPolicy.TargetKind kind, String id) {
    }
}
