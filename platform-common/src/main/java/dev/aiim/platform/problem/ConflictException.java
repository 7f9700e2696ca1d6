package dev.aiim.platform.problem;

/** 409: the request is valid but the object's current state does not allow it (or a concurrent change won). */
public class ConflictException extends ProblemException {
    public ConflictException(String detail) {
        super(ProblemKind.CONFLICT, detail);
    }
}
