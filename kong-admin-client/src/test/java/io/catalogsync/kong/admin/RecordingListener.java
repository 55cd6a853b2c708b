package io.catalogsync.kong.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps every {@link KongRequestListener} call, for assertions on attempts, statuses and path templates. */
final class RecordingListener implements KongRequestListener {

    record Call(String method, String pathTemplate, int status, Duration duration) {
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized void onRequest(String method, String pathTemplate, int status, Duration duration) {
        calls.add(new Call(method, pathTemplate, status, duration));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Integer> statuses() {
        return calls.stream().map(Call::status).toList();
    }
}
