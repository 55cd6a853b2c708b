package io.catalogsync.kong.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Admin API call before it is sent.
 *
 * @param method       HTTP method
 * @param path         the path as Kong routes it, segments already encoded ({@code /services/my%20svc})
 * @param pathTemplate the same path with ids and names replaced by placeholders, for the listener
 * @param query        query parameters, raw values in order (encoded when the URI is built)
 * @param body         JSON body or null
 * @param workspaced   whether the workspace segment applies (entity and schema endpoints, not {@code /},
 *                     {@code /status} or {@code /config})
 * @param retry        which failures may be retried
 * @param minTimeoutMillis this request may take at least this long (0: the client's request timeout applies)
 * @param skipSuccessBody a 2xx answer's body is not parsed (DB-less {@code POST /config} echoes every loaded entity:
 *                        tens of MB at 10,000 services that nobody reads)
 */
record AdminRequest(HttpMethod method, String path, String pathTemplate, List<Map.Entry<String, String>> query,
                    Buffer body, boolean workspaced, RetryPolicy retry, long minTimeoutMillis,
                    boolean skipSuccessBody) {

    AdminRequest {
        query = List.copyOf(query);
    }

    AdminRequest(HttpMethod method, String path, String pathTemplate, List<Map.Entry<String, String>> query,
                 Buffer body, boolean workspaced, RetryPolicy retry) {
        this(method, path, pathTemplate, query, body, workspaced, retry, 0, false);
    }

    /** The same request allowed to take at least {@code millis} (a large body Kong needs time to load). */
    AdminRequest withMinTimeout(long millis) {
        return new AdminRequest(method, path, pathTemplate, query, body, workspaced, retry, millis, skipSuccessBody);
    }

    /** The same request, its 2xx answer's body left unparsed. */
    AdminRequest withoutSuccessBody() {
        return new AdminRequest(method, path, pathTemplate, query, body, workspaced, retry, minTimeoutMillis, true);
    }

    static AdminRequest get(String path, String template, boolean workspaced) {
        return new AdminRequest(HttpMethod.GET, path, template, List.of(), null, workspaced, RetryPolicy.IDEMPOTENT);
    }

    AdminRequest withQuery(String name, String value) {
        if (value == null) {
            return this;
        }
        List<Map.Entry<String, String>> q = new ArrayList<>(query);
        q.add(Map.entry(name, value));
        return new AdminRequest(method, path, pathTemplate, q, body, workspaced, retry, minTimeoutMillis,
                skipSuccessBody);
    }

    /** The retry policy Kong's method semantics allow: POST is never blindly repeated. */
    static RetryPolicy defaultRetry(HttpMethod method) {
        return HttpMethod.POST.equals(method) ? RetryPolicy.NEVER : RetryPolicy.IDEMPOTENT;
    }
}
