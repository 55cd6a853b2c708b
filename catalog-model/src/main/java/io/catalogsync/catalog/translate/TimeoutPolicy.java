package io.catalogsync.catalog.translate;

/**
 * {@code timeout.connect/read/write} (milliseconds) and {@code retries}: Kong Service fields, in the ranges of
 * kong/db/schema/entities/services.lua ({@code nonzero_timeout} 1..2^31-2, retries 0..32767). Null means Kong's
 * default (60000 ms, 5 retries).
 */
record TimeoutPolicy(Integer connectMs, Integer readMs, Integer writeMs, Integer retries) {

    static final int MAX_TIMEOUT = 2147483646;

    static TimeoutPolicy parse(Metadata md) {
        return new TimeoutPolicy(md.wholeInt("timeout.connect", 1, MAX_TIMEOUT),
                md.wholeInt("timeout.read", 1, MAX_TIMEOUT), md.wholeInt("timeout.write", 1, MAX_TIMEOUT),
                md.wholeInt("retries", 0, 32767));
    }
}
