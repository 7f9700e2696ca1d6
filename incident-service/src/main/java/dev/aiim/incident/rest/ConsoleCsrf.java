package dev.aiim.incident.rest;

import dev.aiim.platform.security.SecretBox;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The console's CSRF tokens: a MAC, under the platform's secret key, of the signed-in user and their sign-in
 * session. Every form carries it in a hidden field; a post without the token of the session that posts it is
 * refused (403) before anything is read. Stateless, so any replica checks a token another one drew, and a new
 * sign-in gives a new token.
 */
@ApplicationScoped
public class ConsoleCsrf {

    private static final String PURPOSE = "console-csrf";

    private final SecretBox secrets;

    public ConsoleCsrf(SecretBox secrets) {
        this.secrets = secrets;
    }

    public String token(SecurityIdentity identity) {
        return secrets.mac(PURPOSE, session(identity));
    }

    public boolean accepts(SecurityIdentity identity, String candidate) {
        return candidate != null && !candidate.isBlank() && secrets.verifyMac(PURPOSE, session(identity), candidate);
    }

    /** The user and their session: Keycloak's session id, else when they signed in. */
    private static String session(SecurityIdentity identity) {
        String user = identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object sid = jwt.getClaim("sid");
            Object since = sid != null ? sid : jwt.getClaim("auth_time") != null ? jwt.getClaim("auth_time")
                    : jwt.getIssuedAtTime();
            return user + "|" + since;
        }
        return user;
    }
}
