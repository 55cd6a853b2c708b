package io.catalogsync.masking.service;

/**
 * A body holds more distinct identifiers (or, to unmask, distinct tokens) than the configured cap. Refused before
 * anything is stored: one request must not be able to fill the mapping store, whose entries live for the TTL.
 */
public final class TooManyIdentifiersException extends RuntimeException {

    private final int limit;

    public TooManyIdentifiersException(int limit) {
        super("the body holds more than " + limit + " distinct identifiers", null, false, false);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
