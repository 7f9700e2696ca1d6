package dev.aiim.notification.domain;

import dev.aiim.contracts.notification.ChannelType;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an admin asks for when creating a channel, and which of its fields make sense for its type:
 * email needs no URL (the SMTP relay is the service's), Slack and Teams need their webhook URL, a generic
 * webhook its URL and optionally a Standard Webhooks secret, SMS the gateway URL, account and sender number
 * plus the auth token as secret.
 */
public record ChannelSpec(ChannelType type, String name, String url, String secret, Map<String, String> settings,
                          boolean allowPrivateNetwork) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}");
    private static final Map<ChannelType, Set<String>> KNOWN_SETTINGS = Map.of(
            ChannelType.EMAIL, Set.of("from", "replyTo"),
            ChannelType.SLACK, Set.of(),
            ChannelType.TEAMS, Set.of(),
            ChannelType.WEBHOOK, Set.of(),
            ChannelType.SMS, Set.of("accountSid", "from"));

    public ChannelSpec {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Whether the channel posts to one room or endpoint (one message per event), not to a person's address. */
    public static boolean postsToRoom(ChannelType type) {
        return type == ChannelType.SLACK || type == ChannelType.TEAMS || type == ChannelType.WEBHOOK;
    }

    /** Whether a contact point on this channel needs an address (an email address, a phone number). */
    public static boolean needsAddress(ChannelType type) {
        return type == ChannelType.EMAIL || type == ChannelType.SMS;
    }

    /** Field by field, what is wrong (empty when the spec is usable); the URL's reachability is checked apart. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (type == null) {
            problems.put("type", "must be one of EMAIL, SLACK, TEAMS, WEBHOOK, SMS");
            return problems;
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            problems.put("name", "must be 1 to 200 characters");
        }
        if (type == ChannelType.EMAIL) {
            if (url != null) {
                problems.put("url", "must be absent for EMAIL: mail goes through the service's SMTP relay");
            }
            if (secret != null) {
                problems.put("secret", "must be absent for EMAIL");
            }
            for (String field : Set.of("from", "replyTo")) {
                String value = settings.get(field);
                if (value != null && !EMAIL.matcher(value).matches()) {
                    problems.put("settings." + field, "must be an email address");
                }
            }
        } else if (url == null || url.isBlank()) {
            problems.put("url", "is required for " + type);
        } else if (url.length() > 2000) {
            problems.put("url", "must be at most 2000 characters");
        }
        if ((type == ChannelType.SLACK || type == ChannelType.TEAMS) && secret != null) {
            problems.put("secret", "must be absent for " + type + ": its webhook URL is its credential");
        }
        if (type == ChannelType.WEBHOOK && secret != null && !validWebhookSecret(secret)) {
            problems.put("secret", "must be whsec_ followed by base64 of 24 to 64 bytes (or leave it out to get one)");
        }
        if (type == ChannelType.SMS) {
            if (secret == null || secret.isBlank()) {
                problems.put("secret", "is required for SMS: the gateway's auth token");
            }
            String account = settings.get("accountSid");
            if (account == null || !account.matches("[A-Za-z0-9_-]{1,64}")) {
                problems.put("settings.accountSid", "is required for SMS: the gateway account id (letters, digits)");
            }
            String from = settings.get("from");
            if (from == null || !E164.matcher(from).matches()) {
                problems.put("settings.from", "is required for SMS: the sender number in E.164 form (+4915112345678)");
            }
        }
        for (String key : settings.keySet()) {
            if (!KNOWN_SETTINGS.get(type).contains(key)) {
                problems.put("settings." + key, "is not a setting of " + type + " channels");
            }
        }
        return problems;
    }

    /** Whether an address suits a contact point on a channel of this type. */
    public static String addressProblem(ChannelType type, String address) {
        if (type == ChannelType.EMAIL) {
            return address != null && EMAIL.matcher(address).matches() ? null : "must be an email address";
        }
        if (type == ChannelType.SMS) {
            return address != null && E164.matcher(address).matches() ? null
                    : "must be a phone number in E.164 form (+4915112345678)";
        }
        return address == null || address.length() <= 300 ? null : "must be at most 300 characters";
    }

    private static boolean validWebhookSecret(String secret) {
        if (!secret.startsWith(StandardWebhookSignature.SECRET_PREFIX)) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(secret.substring(StandardWebhookSignature.SECRET_PREFIX.length()))
                    .length;
            return length >= 24 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
