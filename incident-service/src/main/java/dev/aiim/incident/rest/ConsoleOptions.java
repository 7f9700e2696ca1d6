package dev.aiim.incident.rest;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.ReportStages;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;
import dev.aiim.incident.domain.FallbackKind;
import io.quarkus.qute.TemplateGlobal;

import java.util.Arrays;
import java.util.List;

/** The choices the console's selects offer, from the contract's own enums (a new value appears by itself). */
@TemplateGlobal
final class ConsoleOptions {

    static final List<String> statuses = names(IncidentStatus.values());
    static final List<String> severities = names(Severity.values());
    static final List<String> categories = names(IncidentCategory.values());
    static final List<String> roles = names(IncidentRole.values());
    static final List<String> containmentTypes = names(ContainmentType.values());
    static final List<String> fallbacks = names(FallbackKind.values());
    static final List<String> rootCauses = names(RootCauseCategory.values());
    static final List<String> resolutionSteps = names(ResolutionStepKind.values());
    static final List<String> audiences = names(Audience.values());
    static final List<String> causalLinks = names(CausalLink.values());
    static final List<String> actionItemKinds = names(ActionItemKind.values());
    /** Every stage a regulator report can be submitted in (the regime's own are checked on submission). */
    static final List<String> reportStages = ReportStages.STAGES.values().stream().flatMap(List::stream)
            .distinct().sorted().toList();
    static final List<String> regulatoryQuestions = List.of("personalDataInvolved", "phiInvolved", "nis2Significant");

    private ConsoleOptions() {
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
