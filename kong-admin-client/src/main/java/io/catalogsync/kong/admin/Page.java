package io.catalogsync.kong.admin;

import java.util.List;

/** One page of a list; {@code offset} is null on the last page. */
public record Page<T>(List<T> data, String offset) {

    public Page {
        data = List.copyOf(data);
    }

    public boolean hasNext() {
        return offset != null;
    }
}
