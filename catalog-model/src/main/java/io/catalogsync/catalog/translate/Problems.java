package io.catalogsync.catalog.translate;

import java.util.ArrayList;
import java.util.List;

/** Errors and warnings collected while validating one catalog service. */
final class Problems {

    private final String service;
    private final List<ServiceError> errors = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();

    Problems(String service) {
        this.service = service;
    }

    void error(String field, String message) {
        errors.add(new ServiceError(service, field, message));
    }

    void warn(String field, String message) {
        warnings.add(new Warning(service, field, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ServiceError> errors() {
        return errors;
    }

    List<Warning> warnings() {
        return warnings;
    }
}
