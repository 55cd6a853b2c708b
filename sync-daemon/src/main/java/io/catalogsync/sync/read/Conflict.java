package io.catalogsync.sync.read;

import io.catalogsync.kong.entity.EntityType;

/**
 * A desired entity whose name (or id, or target address) is already held by an entity without the owner tag.
 * DESIGN.md: reported, skipped, never overwritten. Entities depending on it are withheld too
 * ({@code withheldDependents} of them).
 */
public record Conflict(EntityType type, String key, String catalogService, String holderId, String message,
                       int withheldDependents) {
}
