package dev.aiim.detection.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Intake endpoints take the raw body (a signature covers its exact bytes), then read and validate it
 * here; a body that does not parse or validate is answered as any other (400 naming the fields).
 */
@ApplicationScoped
public class IntakeBodies {

    private final ObjectMapper mapper;
    private final Validator validator;

    public IntakeBodies(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** Reads and validates; a body that is not the declared JSON fails as {@link UncheckedIOException}. */
    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemKind.MALFORMED_REQUEST, "The body is empty; send a JSON object");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (value == null) {
            throw new ProblemException(ProblemKind.MALFORMED_REQUEST, "The body is null; send a JSON object");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }
}
