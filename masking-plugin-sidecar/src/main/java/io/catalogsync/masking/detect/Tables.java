package io.catalogsync.masking.detect;

/**
 * Account ids in a column of a pipe table whose header names accounts: Markdown tables and the aws CLI's
 * {@code --output table} ({@code |  OwnerId  |  ImageId  |}). A bare 12-digit cell is an account id when the
 * nearest header row above it, in the same block of table rows, has an account label in that column.
 *
 * <p>Linear: asked only for 12-digit cells, it walks back at most {@link #MAX_ROWS} rows of at most
 * {@link #MAX_LINE} characters, once per line (the answer for a line is kept for its other cells).
 */
final class Tables {

    private static final int MAX_LINE = 1024;
    private static final int MAX_ROWS = 40;
    /** Columns past this index are not followed (a bit each in a long). */
    private static final int MAX_COLUMNS = 64;

    private final CharSequence s;
    private int cachedLine = -1;
    private long cachedColumns;

    Tables(CharSequence s) {
        this.s = s;
    }

    /** Whether {@code [from, to)} is a whole cell of a pipe table, in a column headed by an account label. */
    boolean inAccountColumn(int from, int to) {
        int n = s.length();
        int p = from;
        while (p > 0 && s.charAt(p - 1) == ' ') {
            p--;
        }
        int q = to;
        while (q < n && s.charAt(q) == ' ') {
            q++;
        }
        if (p == 0 || s.charAt(p - 1) != '|' || q >= n || s.charAt(q) != '|') {
            return false;
        }
        int line = lineStart(p - 1);
        if (line < 0) {
            return false;
        }
        int column = 0;
        for (int k = line; k < p - 1; k++) {
            if (s.charAt(k) == '|') {
                column++;
            }
        }
        if (column >= MAX_COLUMNS) {
            return false;
        }
        if (line != cachedLine) {
            cachedColumns = headerColumnsAfter(line);
            cachedLine = line;
        }
        return (cachedColumns & (1L << column)) != 0;
    }

    /** The start of the line holding {@code at}, or -1 when the line is longer than {@link #MAX_LINE}. */
    private int lineStart(int at) {
        int limit = Math.max(0, at - MAX_LINE);
        int p = at;
        while (p > limit && s.charAt(p - 1) != '\n') {
            p--;
        }
        return p == limit && limit > 0 ? -1 : p;
    }

    /**
     * The account columns for {@code line}. When the line just above is the last one answered (consecutive rows
     * of one table), the answer follows from it without walking back again: that keeps a long table linear.
     */
    private long headerColumnsAfter(int line) {
        if (cachedLine >= 0 && line > 0) {
            int previous = lineStart(line - 1);
            if (previous == cachedLine) {
                if (!isTableRow(previous, line - 1)) {
                    return 0;
                }
                long columns = accountColumns(previous, line - 1);
                return columns != 0 ? columns : cachedColumns;
            }
        }
        return headerColumns(line);
    }

    /** The account columns of the nearest header row above {@code line}, walking back through table rows only. */
    private long headerColumns(int line) {
        int row = line;
        for (int rows = 0; rows < MAX_ROWS && row > 0; rows++) {
            int previous = lineStart(row - 1);
            if (previous < 0 || !isTableRow(previous, row - 1)) {
                return 0;
            }
            long columns = accountColumns(previous, row - 1);
            if (columns != 0) {
                return columns;
            }
            row = previous;
        }
        return 0;
    }

    /** A row or border of a pipe table: starts, after spaces, with {@code |}, {@code +} or {@code -}. */
    private boolean isTableRow(int from, int to) {
        int p = from;
        while (p < to && s.charAt(p) == ' ') {
            p++;
        }
        return p < to && (s.charAt(p) == '|' || s.charAt(p) == '+' || s.charAt(p) == '-');
    }

    /** The columns of the row {@code [from, to)} whose cell is an account label ("Account", "OwnerId", "AWS account"). */
    private long accountColumns(int from, int to) {
        long columns = 0;
        int column = 0;
        int cellStart = -1;
        for (int p = from; p < to && column < MAX_COLUMNS; p++) {
            if (s.charAt(p) == '|') {
                if (cellStart >= 0 && isAccountLabel(cellStart, p)) {
                    columns |= 1L << (column - 1);
                }
                column++;
                cellStart = p + 1;
            }
        }
        return columns;
    }

    private boolean isAccountLabel(int from, int to) {
        int end = to;
        while (end > from && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end - from <= 40 && end > from && Context.ACCOUNT.precedes(s, end, from);
    }
}
