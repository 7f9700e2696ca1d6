package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's public API as a script meets it: the four services' base URLs, access tokens that Keycloak
 * issues to the demo users (password grant of the {@code aiim-cli} client, password = user name), JSON in
 * and out. Used by the system tests and by {@code deploy/local/platform demo}.
 */
public final class PlatformClient {

    /** Where the services and the identity provider answer. */
    public record Endpoints(String detection, String incident, String notification, String reporting, String keycloak) {

        /** The ports of {@code deploy/local/platform up}. */
        public static Endpoints local() {
            return new Endpoints("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083",
                    "http://127.0.0.1:8084", "http://127.0.0.1:8180");
        }
    }

    /** A call that did not answer as the story needed, with what the service said. */
    public static final class StoryFailure extends RuntimeException {
        public StoryFailure(String message) {
            super(message);
        }
    }

    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Endpoints endpoints;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public PlatformClient(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public HttpClient http() {
        return http;
    }

    /** An access token Keycloak issues to a demo user, cached (the story is shorter than a token's life). */
    public String token(String user) {
        return tokens.computeIfAbsent(user, u -> {
            try {
                String form = "grant_type=password&client_id=aiim-cli&username=" + enc(u) + "&password=" + enc(u);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.keycloak()
                                + "/realms/ai-incident/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new StoryFailure("Keycloak refused a token for " + u + ": " + response.body());
                }
                return JSON.readTree(response.body()).get("access_token").asText();
            } catch (IOException e) {
                throw new StoryFailure("Keycloak did not answer on " + endpoints.keycloak() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoryFailure("interrupted");
            }
        });
    }

    /** Sends a request as {@code user} (anonymously when null) with an optional JSON body and headers. */
    public HttpResponse<String> call(String user, String method, String url, Object body, String... headers) {
        String json = body == null ? null : body instanceof String s ? s : write(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*;q=0.1")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + token(user));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StoryFailure(method + " " + url + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoryFailure("interrupted");
        }
    }

    /** {@link #call} that must answer {@code status}; answers the body as JSON. */
    public JsonNode expect(int status, String user, String method, String url, Object body, String... headers) {
        HttpResponse<String> response = call(user, method, url, body, headers);
        if (response.statusCode() != status) {
            throw new StoryFailure(method + " " + url + " as " + user + " answered " + response.statusCode()
                    + " (expected " + status + "): " + response.body());
        }
        return read(response.body());
    }

    /** Polls {@code probe} every 250 ms until it answers something, or fails naming {@code what}. */
    public static <T> T await(String what, Duration timeout, Callable<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (true) {
            try {
                Optional<T> found = probe.call();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (Exception e) {
                last = e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StoryFailure("gave up waiting " + timeout.toSeconds() + " s for " + what
                        + (last == null ? "" : " (last error: " + last + ")"));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoryFailure("interrupted while waiting for " + what);
            }
        }
    }

    public static JsonNode read(String json) {
        try {
            return json == null || json.isBlank() ? JSON.nullNode() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
