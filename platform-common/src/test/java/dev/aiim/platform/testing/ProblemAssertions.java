package dev.aiim.platform.testing;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The one check that an answer is an RFC 9457 problem of a given kind, with no stack trace in it. */
public final class ProblemAssertions {

    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemAssertions() {
    }

    public static ValidatableResponse problem(Response response, int status, String kind) {
        return response.then()
                .statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("type", endsWith("/problems/" + kind))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body(not(containsString("at dev.aiim")))
                .body(not(containsString("Exception")));
    }
}
