package dev.aiim.contracts;

/** A message whose data cannot be read as its declared type; consumers send it to their dead-letter topic. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedMessageException(String message) {
        super(message);
    }
}
