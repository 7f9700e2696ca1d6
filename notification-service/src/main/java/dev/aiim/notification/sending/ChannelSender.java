package dev.aiim.notification.sending;

import dev.aiim.contracts.EventJson;
import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.StandardWebhookSignature;
import dev.aiim.notification.repository.ChannelRepository.StoredChannel;
import dev.aiim.notification.service.OutboundGuard;
import dev.aiim.platform.security.SecretBox;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;

/**
 * Sends one delivery on its channel: email through the SMTP relay (quarkus-mailer), Slack Block Kit and
 * Teams Adaptive Cards to their webhooks, generic webhooks signed per Standard Webhooks, SMS through a
 * Twilio-compatible gateway. HTTP requests connect only to the addresses the SSRF guard just approved
 * (no second DNS lookup to rebind), follow no redirects, and time out after the configured send timeout.
 * Never fails: every problem is a {@link SendOutcome}.
 */
@ApplicationScoped
public class ChannelSender {

    private final ReactiveMailer mailer;
    private final WebClient http;
    private final OutboundGuard guard;
    private final SecretBox secrets;
    private final NotificationConfig config;

    public ChannelSender(ReactiveMailer mailer, Vertx vertx, OutboundGuard guard, SecretBox secrets,
                         NotificationConfig config) {
        this.mailer = mailer;
        this.http = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setVerifyHost(true)
                .setUserAgent("aiim-notification-service").setConnectTimeout((int) config.sendTimeout().toMillis()));
        this.guard = guard;
        this.secrets = secrets;
        this.config = config;
    }

    @PreDestroy
    void close() {
        http.close();
    }

    public Uni<SendOutcome> send(Delivery delivery, StoredChannel stored) {
        Uni<SendOutcome> attempt = switch (delivery.channelType()) {
            case EMAIL -> email(delivery, stored.channel());
            case SLACK -> post(stored, EventJson.write(delivery.message().slack()), "application/json", Map.of(), null);
            case TEAMS -> post(stored, EventJson.write(delivery.message().teams()), "application/json", Map.of(), null);
            case WEBHOOK -> webhook(delivery, stored);
            case SMS -> sms(delivery, stored);
        };
        return attempt.ifNoItem().after(config.sendTimeout())
                .recoverWithItem(() -> SendOutcome.retry("timed out after " + config.sendTimeout().toMillis() + " ms",
                        null))
                .onFailure().recoverWithItem(failure -> failure instanceof TimeoutException
                        ? SendOutcome.retry("timed out", null)
                        : SendOutcome.retry(failure.getClass().getSimpleName() + ": " + failure.getMessage(), null));
    }

    private Uni<SendOutcome> email(Delivery delivery, NotificationChannel channel) {
        String from = channel.settings().getOrDefault("from", config.emailFrom());
        Mail mail = Mail.withText(delivery.address(), delivery.message().subject(), delivery.message().text())
                .setHtml(delivery.message().html())
                .setFrom(from)
                .addHeader("X-AIIM-Delivery", delivery.id())
                .addHeader("X-AIIM-Incident", delivery.incidentId());
        if (channel.settings().containsKey("replyTo")) {
            mail.setReplyTo(channel.settings().get("replyTo"));
        }
        return mailer.send(mail).replaceWith(SendOutcome.ok());
    }

    private Uni<SendOutcome> webhook(Delivery delivery, StoredChannel stored) {
        String body = EventJson.write(delivery.message().webhook(delivery.id()));
        String secret = secrets.open(stored.sealedSecret());
        // real time, which the receiver checks the signature's age against: never the platform clock that a
        // demo or a game day moves forward
        java.time.Instant now = java.time.Instant.now();
        // the delivery id is the webhook-id: a receiver that saw it already can drop a resend
        Map<String, String> headers = Map.of(
                StandardWebhookSignature.ID_HEADER, delivery.id(),
                StandardWebhookSignature.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()),
                StandardWebhookSignature.SIGNATURE_HEADER, StandardWebhookSignature.sign(secret, delivery.id(), now,
                        body.getBytes(StandardCharsets.UTF_8)));
        return post(stored, body, "application/json", headers, null);
    }

    /** Twilio's Messages resource: form-encoded To, From, Body with the account's basic credentials. */
    private Uni<SendOutcome> sms(Delivery delivery, StoredChannel stored) {
        String account = stored.channel().settings().get("accountSid");
        String form = "To=" + URLEncoder.encode(delivery.address(), StandardCharsets.UTF_8)
                + "&From=" + URLEncoder.encode(stored.channel().settings().get("from"), StandardCharsets.UTF_8)
                + "&Body=" + URLEncoder.encode(delivery.message().sms(), StandardCharsets.UTF_8);
        String credentials = Base64.getEncoder().encodeToString((account + ":" + secrets.open(stored.sealedSecret()))
                .getBytes(StandardCharsets.UTF_8));
        String path = "/2010-04-01/Accounts/" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/Messages.json";
        return post(stored, form, "application/x-www-form-urlencoded",
                Map.of("Authorization", "Basic " + credentials), path);
    }

    /**
     * POSTs to the channel URL ({@code pathSuffix} appended to its path when given), connecting to an address
     * the guard approved for this very request.
     */
    private Uni<SendOutcome> post(StoredChannel stored, String body, String contentType, Map<String, String> headers,
                                  String pathSuffix) {
        String url = secrets.open(stored.sealedUrl());
        return guard.check(url, stored.channel().allowPrivateNetwork()).chain(verdict -> {
            if (!verdict.allowed()) {
                return Uni.createFrom().item(SendOutcome.refused("the channel URL " + verdict.reason()));
            }
            URI uri = URI.create(url);
            boolean tls = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            if (pathSuffix != null) {
                path = path.replaceAll("/+$", "") + pathSuffix;
            }
            if (uri.getRawQuery() != null) {
                path = path + "?" + uri.getRawQuery();
            }
            InetAddress address = verdict.addresses().get(0);
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                    .setPort(port).setSsl(tls).setURI(path)
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setTimeout(config.sendTimeout().toMillis());
            HttpRequest<Buffer> request = http.request(HttpMethod.POST, options).putHeader("Content-Type", contentType);
            headers.forEach(request::putHeader);
            return request.sendBuffer(Buffer.buffer(body)).map(ChannelSender::outcome);
        });
    }

    static SendOutcome outcome(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SendOutcome.ok();
        }
        String error = "HTTP " + status + (response.bodyAsString() == null ? ""
                : ": " + abbreviate(response.bodyAsString()));
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return SendOutcome.retry(error, retryAfter(response.getHeader("Retry-After")));
        }
        return SendOutcome.refused(error);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                // the receiver's wall clock, not the (game-day adjustable) platform clock
                return Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
