package dev.aiim.platform.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The service's public signing keys, for anyone who checks what it signed (no token: they are public). */
@Path("/.well-known/jwks.json")
@PermitAll
@Tag(name = "Integrity")
@IfBuildProperty(name = "aiim.signing.enabled", stringValue = "true")
public class JwksResource {

    static final String JWK_SET = "application/jwk-set+json";

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces({JWK_SET, "application/json"})
    @Operation(summary = "The public keys this service signs with, and those it signed with before a rotation"
            + " (a JWK Set; Ed25519 keys as kty OKP, and the PDF signing key as kty EC with its certificate, x5c)")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        ObjectNode set = keys.jwks();
        return Response.ok(set).cacheControl(cache).build();
    }
}
