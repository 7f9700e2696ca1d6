package dev.aiim.platform.problem;

import java.util.List;

/** 400 with the offending field named in {@code errors[]}, for checks that bean validation cannot express. */
public class InvalidRequestException extends ProblemException {

    private final List<Problem.FieldError> errors;

    public InvalidRequestException(String field, String message) {
        super(ProblemKind.VALIDATION, field + " " + message);
        this.errors = List.of(new Problem.FieldError(field, message));
    }

    /** Several fields at once, e.g. every bad record of a batch; {@code detail} sums them up. */
    public InvalidRequestException(String detail, List<Problem.FieldError> errors) {
        super(ProblemKind.VALIDATION, detail);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
