package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.domain.NormalizationRules;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.platform.security.SecretBox;
import dev.aiim.detection.repository.IntegrationRepository;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Integrations and their credentials: created and rotated with a fresh token (shown once, stored as a
 * hash) and signing secret (stored sealed), revoked for good; and the check every intake request passes.
 */
@ApplicationScoped
public class Integrations {

    private static final Logger LOG = Logger.getLogger(Integrations.class);
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"aiim-intake\"");

    /** An integration with its credentials in the clear: the answer to create and rotate, and nowhere else. */
    public record Issued(Integration integration, String token, String signingSecret) {
    }

    private final IntegrationRepository integrations;
    private final AiSystemRepository systems;
    private final SecretBox secrets;
    private final IntakeDirectory directory;
    private final Clock clock;

    public Integrations(IntegrationRepository integrations, AiSystemRepository systems, SecretBox secrets,
                        IntakeDirectory directory, Clock clock) {
        this.integrations = integrations;
        this.directory = directory;
        this.systems = systems;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Uni<Issued> create(String name, IntegrationType type, String systemId, String by) {
        return create(name, type, systemId, NormalizationRules.DEFAULTS, null, by);
    }

    /**
     * Creates an integration whose alerts are read with {@code rules} (defaults fill what they leave out). Each change
     * answers once it is committed and this instance's {@link IntakeDirectory} has it (the others hear of it from the
     * database at the commit), so the caller's next request can use it.
     */
    public Uni<Issued> create(String name, IntegrationType type, String systemId, NormalizationRules rules,
                              @Nullable Duration heartbeatInterval, String by) {
        checkHeartbeat(heartbeatInterval);
        return Panache.withTransaction(() -> createInTransaction(name, type, systemId, rules, heartbeatInterval, by))
                .call(directory::reload);
    }

    /** Declares how often the integration promises to send something (null: no promise). */
    public Uni<Integration> heartbeat(String id, @Nullable Duration interval) {
        checkHeartbeat(interval);
        return Panache.withTransaction(() -> integrations.heartbeat(id, interval)
                        .chain(changed -> changed ? integrations.find(id) : refuse(id))
                        .map(found -> found.orElseThrow()))
                .call(directory::reload)
                .invoke(() -> LOG.infof("Integration %s heartbeat set to %s", id, interval));
    }

    private static void checkHeartbeat(@Nullable Duration interval) {
        if (interval != null && (interval.compareTo(Integration.MIN_HEARTBEAT) < 0
                || interval.compareTo(Integration.MAX_HEARTBEAT) > 0)) {
            throw new InvalidRequestException("heartbeatInterval", "must be an ISO-8601 duration between "
                    + Integration.MIN_HEARTBEAT + " and " + Integration.MAX_HEARTBEAT);
        }
    }

    private Uni<Issued> createInTransaction(String name, IntegrationType type, String systemId,
                                            NormalizationRules rules, @Nullable Duration heartbeatInterval, String by) {
        if (type == IntegrationType.TELEMETRY && systemId == null) {
            throw new InvalidRequestException("systemId", "is required for a TELEMETRY integration: it may send the"
                    + " telemetry of that one system");
        }
        Uni<Void> systemKnown = systemId == null ? Uni.createFrom().voidItem() : systems.find(systemId).map(found -> {
            if (found.isEmpty()) {
                throw new InvalidRequestException("systemId", "is not a registered AI system");
            }
            return null;
        });
        String token = IntakeCredentials.newToken();
        String secret = IntakeCredentials.newSigningSecret();
        Integration integration = new Integration("int-" + UUID.randomUUID(), name, type, systemId,
                IntakeCredentials.hint(token), Integration.IntegrationStatus.ACTIVE, clock.instant(), by, null, null,
                (rules == null ? NormalizationRules.DEFAULTS : rules).withDefaults(), heartbeatInterval);
        return systemKnown
                .chain(() -> integrations.insert(integration, IntakeCredentials.hash(token), secrets.seal(secret)))
                .invoke(() -> LOG.infof("Integration %s (%s) created by %s", integration.id(), type, by))
                .replaceWith(new Issued(integration, token, secret));
    }

    /** New token and signing secret; the old ones stop working at once. */
    public Uni<Issued> rotate(String id) {
        return Panache.withTransaction(() -> rotateInTransaction(id)).call(directory::reload);
    }

    private Uni<Issued> rotateInTransaction(String id) {
        String token = IntakeCredentials.newToken();
        String secret = IntakeCredentials.newSigningSecret();
        Instant now = clock.instant();
        return integrations.rotate(id, IntakeCredentials.hash(token), IntakeCredentials.hint(token), secrets.seal(secret),
                        now)
                .chain(rotated -> rotated ? integrations.find(id) : refuse(id))
                .map(found -> new Issued(found.orElseThrow(), token, secret))
                .invoke(() -> LOG.infof("Integration %s credentials rotated", id));
    }

    public Uni<Integration> revoke(String id) {
        return Panache.withTransaction(() -> integrations.revoke(id, clock.instant())
                .chain(revoked -> revoked ? integrations.find(id) : refuse(id))
                .map(found -> found.orElseThrow()))
                .call(directory::reload)
                .invoke(() -> LOG.infof("Integration %s revoked", id));
    }

    private <T> Uni<T> refuse(String id) {
        return integrations.find(id).map(found -> {
            if (found.isEmpty()) {
                throw new ResourceNotFoundException("Integration", id);
            }
            throw new ConflictException("Integration " + id + " is revoked");
        });
    }

    @WithSession
    public Uni<Integration> find(String id) {
        return integrations.find(id).map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Integration", id)));
    }

    @WithSession
    public Uni<List<Integration>> list() {
        return integrations.list();
    }

    /**
     * Who is sending: the active integration of {@code type} whose bearer token, or whose signature over
     * the timestamp and the raw body, this request carries. Anything else is 401, the same for every cause. Read
     * from the in-memory {@link IntakeDirectory}: no database work.
     */
    public Integration authenticate(IntegrationType type, String authorization, String signature, String timestamp,
                                    String integrationId, byte[] body) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return byToken(type, authorization.substring(7).trim());
        }
        if (signature != null) {
            // replay protection compares with real time, as the sender's clock does: never with the platform
            // clock that a demo or a game day moves forward
            if (timestamp == null || !IntakeCredentials.timestampFresh(timestamp, Instant.now())) {
                throw unauthenticated("X-AIIM-Timestamp is missing or more than 5 minutes from the current time");
            }
            return directory.active(type).stream()
                    .filter(c -> integrationId == null || c.integration().id().equals(integrationId))
                    .filter(c -> c.signingSecret() != null
                            && IntakeCredentials.signatureMatches(c.signingSecret(), timestamp, body, signature))
                    .findFirst()
                    .map(IntakeDirectory.Credentials::integration)
                    .orElseThrow(() -> unauthenticated("The signature does not match any active " + type
                            + " integration"));
        }
        throw unauthenticated("Send the integration's token as Authorization: Bearer, or sign the body with"
                + " X-AIIM-Signature and X-AIIM-Timestamp");
    }

    /** PagerDuty-style senders carry the token in the body ({@code routing_key}). */
    public Integration byToken(IntegrationType type, String token) {
        return directory.byTokenHash(IntakeCredentials.hash(token == null ? "" : token))
                .filter(Integration::active)
                .filter(i -> i.type() == type)
                .orElseThrow(() -> unauthenticated("The token is not that of an active " + type + " integration"));
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(ProblemKind.UNAUTHENTICATED, detail, CHALLENGE);
    }
}
