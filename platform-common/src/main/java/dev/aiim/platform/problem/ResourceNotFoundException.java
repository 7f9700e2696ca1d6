package dev.aiim.platform.problem;

/** 404: the object does not exist, or the caller may not see it. */
public class ResourceNotFoundException extends ProblemException {
    public ResourceNotFoundException(String what, String id) {
        super(ProblemKind.NOT_FOUND, what + " '" + id + "' does not exist");
    }
}
