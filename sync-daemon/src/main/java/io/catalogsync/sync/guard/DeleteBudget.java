package io.catalogsync.sync.guard;

import java.time.Duration;
import java.util.Objects;

/**
 * How many deletions a process may make over a sliding window, across cycles. The ratio guard looks at one
 * cycle only: a catalog that flaps (a service listed, gone, listed again) under the ratio would otherwise delete
 * and recreate the same entities on every flap. {@code maxDeletes == 0} turns the budget off.
 *
 * @param maxDeletes deletions allowed within {@code window} (0: no budget)
 * @param window     how far back deletions count
 */
public record DeleteBudget(int maxDeletes, Duration window) {

    public static final int DEFAULT_MAX_DELETES = 500;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final DeleteBudget DEFAULT = new DeleteBudget(DEFAULT_MAX_DELETES, DEFAULT_WINDOW);
    public static final DeleteBudget OFF = new DeleteBudget(0, DEFAULT_WINDOW);

    public DeleteBudget {
        if (maxDeletes < 0) {
            throw new IllegalArgumentException("max deletes per window must be >= 0, was " + maxDeletes);
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("delete window must be positive, was " + window);
        }
    }

    public boolean off() {
        return maxDeletes == 0;
    }
}
