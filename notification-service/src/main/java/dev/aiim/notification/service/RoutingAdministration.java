package dev.aiim.notification.service;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.EscalationPolicy;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.RoutingPolicy;
import dev.aiim.notification.domain.VersionedRouting;
import dev.aiim.notification.repository.ChannelRepository;
import dev.aiim.notification.repository.DocumentRows;
import dev.aiim.notification.repository.RoutingRepository;
import dev.aiim.platform.problem.ETags;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The routing document: read it, replace it (If-Match honoured); every reference must exist. */
@ApplicationScoped
public class RoutingAdministration {

    private final RoutingRepository routing;
    private final ChannelRepository channels;
    private final DocumentRows documents;
    private final PeopleAdministration people;
    private final Clock clock;

    public RoutingAdministration(RoutingRepository routing, ChannelRepository channels, DocumentRows documents,
                                 PeopleAdministration people, Clock clock) {
        this.routing = routing;
        this.channels = channels;
        this.documents = documents;
        this.people = people;
        this.clock = clock;
    }

    @WithSession
    public Uni<VersionedRouting> current() {
        return routing.current();
    }

    @WithTransaction
    public Uni<VersionedRouting> replace(RoutingPolicy policy, String ifMatch, String by) {
        return routing.current().chain(current -> {
            ETags.checkIfMatch(ifMatch, current.version());
            return validate(policy)
                    .chain(() -> routing.save(policy, current.version(), by, clock.instant()))
                    .chain(saved -> {
                        if (!saved) {
                            throw new dev.aiim.platform.problem.ConflictException(
                                    "The routing document changed meanwhile; read it again and retry");
                        }
                        return routing.current();
                    });
        });
    }

    private Uni<Void> validate(RoutingPolicy policy) {
        return people.personIds().chain(personIds -> channels.list().chain(allChannels -> documents
                .list(DocumentRows.Table.ESCALATION_POLICY, EscalationPolicy.class).map(policies -> {
                    Set<String> policyIds = policies.stream().map(EscalationPolicy::id).collect(Collectors.toSet());
                    Set<String> emailChannels = allChannels.stream().map(ChannelRepository.StoredChannel::channel)
                            .filter(c -> c.type() == ChannelType.EMAIL).map(NotificationChannel::id)
                            .collect(Collectors.toSet());
                    Map<String, String> problems = new LinkedHashMap<>(policy.problems());
                    policy.teamEscalationPolicies().forEach((team, id) -> {
                        if (!policyIds.contains(id)) {
                            problems.put("teamEscalationPolicies." + team, "must be the id of an escalation policy");
                        }
                    });
                    String defaultPolicy = policy.defaultEscalationPolicyId();
                    if (defaultPolicy != null && !policyIds.contains(defaultPolicy)) {
                        problems.put("defaultEscalationPolicyId", "must be the id of an escalation policy");
                    }
                    checkPeople("leadership", policy.leadership(), personIds, problems);
                    checkPeople("compliance", policy.compliance(), personIds, problems);
                    checkPeople("drillAudience", policy.drillAudience(), personIds, problems);
                    if (policy.clientChannelId() != null && !emailChannels.contains(policy.clientChannelId())) {
                        problems.put("clientChannelId", "must be the id of an EMAIL channel");
                    }
                    String defaultEmail = policy.defaultEmailChannelId();
                    if (defaultEmail != null && !emailChannels.contains(defaultEmail)) {
                        problems.put("defaultEmailChannelId", "must be the id of an EMAIL channel");
                    }
                    if (!problems.isEmpty()) {
                        throw ChannelAdministration.invalid(problems);
                    }
                    return null;
                })));
    }

    private static void checkPeople(String field, List<String> ids, Set<String> known, Map<String, String> problems) {
        for (int i = 0; i < ids.size(); i++) {
            if (!known.contains(ids.get(i))) {
                problems.put(field + "[" + i + "]", "must be the id of a registered person");
            }
        }
    }
}
