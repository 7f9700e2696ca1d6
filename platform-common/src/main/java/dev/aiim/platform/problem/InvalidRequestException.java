package dev.aiim.platform.problem;

import java.util.List;

/** 400 with the offending field named in {@code errors[]}, for checks that bean validation cannot express. */
public class InvalidRequestException extends ProblemException {

    private final List<Problem.FieldError> errors;

    public InvalidRequestException(String field, String message) {
        super(ProblemKind.VALIDATION, field + " " + message);
        this.errors = List.of(new Problem.FieldError(field, message));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
