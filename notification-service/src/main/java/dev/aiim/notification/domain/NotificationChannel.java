package dev.aiim.notification.domain;

import dev.aiim.contracts.notification.ChannelType;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A stored channel as the API shows it: never its secret, and its URL only as far as the host
 * ({@code urlHint}), because Slack and Teams webhook URLs are credentials themselves.
 */
public record NotificationChannel(String id, ChannelType type, String name, String urlHint, boolean hasSecret,
                                  Map<String, String> settings, boolean allowPrivateNetwork, Instant createdAt,
                                  String createdBy) {

    /** {@code https://hooks.slack.com/…}: scheme, host and port of a URL, nothing that could be a token. */
    public static String hint(String url) {
        if (url == null) {
            return null;
        }
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
    }
}
