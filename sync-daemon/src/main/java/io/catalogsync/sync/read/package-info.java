/**
 * Reading what Kong holds before a plan: the owned state ({@code OwnedStateReader}, with its rotating
 * {@code TargetCache}), the unowned entities that hold a name or id the plan wants ({@code ConflictDetector}),
 * and the running Kong's own schemas ({@code KongSchemaCache}). Named after what it holds; it was {@code sync.dump}
 * when it also held the deletion guards (now {@code sync.guard}) and looked like the {@code dump} command's.
 */
package io.catalogsync.sync.read;
