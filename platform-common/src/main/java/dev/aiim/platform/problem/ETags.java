package dev.aiim.platform.problem;

/** Versions as strong ETags ({@code "7"}) and the {@code If-Match} check that goes with them. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Parses {@code If-Match}; {@code null} or {@code *} means "any version". A value that is not a
     * version of ours can never match, so it is refused as malformed rather than silently ignored.
     */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemKind.MALFORMED_REQUEST,
                    "If-Match must be a version ETag such as \"3\", got " + ifMatch);
        }
    }

    /** Throws 412 when the client's expected version is stale. */
    public static void checkIfMatch(String ifMatch, long currentVersion) {
        Long expected = expectedVersion(ifMatch);
        if (expected != null && expected != currentVersion) {
            throw new PreconditionFailedException(expected, currentVersion);
        }
    }
}
