package dev.aiim.notification.sending;

import java.time.Duration;

/**
 * How one attempt went: sent, or failed and whether trying again may help (timeouts, 5xx, 429 do; a 4xx
 * refusal or a URL the guard refuses does not), with the receiver's {@code Retry-After} when it gave one.
 */
public record SendOutcome(boolean sent, boolean retryable, String error, Duration retryAfter) {

    public static SendOutcome ok() {
        return new SendOutcome(true, false, null, null);
    }

    public static SendOutcome retry(String error, Duration retryAfter) {
        return new SendOutcome(false, true, error, retryAfter);
    }

    public static SendOutcome refused(String error) {
        return new SendOutcome(false, false, error, null);
    }
}
