package dev.aiim.platform.problem;

/** 412: the client's {@code If-Match} names a version that is no longer current. */
public class PreconditionFailedException extends ProblemException {
    public PreconditionFailedException(long expected, long current) {
        super(ProblemKind.PRECONDITION_FAILED,
                "If-Match names version " + expected + " but the current version is " + current
                        + "; read it again and retry");
    }
}
