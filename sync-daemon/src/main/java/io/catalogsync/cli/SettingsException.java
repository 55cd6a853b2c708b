package io.catalogsync.cli;

/**
 * A setting has a bad value or a required one is missing. The message names the setting (flag, variable or
 * config key) and never repeats a secret. Exit code 64.
 */
public final class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
