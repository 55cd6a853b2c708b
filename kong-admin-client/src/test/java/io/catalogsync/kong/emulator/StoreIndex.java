package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The secondary indexes of one collection, as PostgreSQL keeps them for Kong (unique constraints,
 * the {@code cache_key} column, foreign-key columns): field value -> ids of the entities holding it.
 * Without them every write compared itself with every stored entity and every nested list
 * ({@code /upstreams/{id}/targets}) scanned the whole child collection, which made a 10,000-service
 * sync quadratic. Id sets are sorted so that a lookup through an index visits entities in primary-key
 * order, exactly as the scans it replaces did. {@link AdminApi} keeps it in step with its store on
 * every put and remove.
 */
final class StoreIndex {
  private final List<String> cacheKey;
  private final boolean provisionKeys;
  /** unique fields and the endpoint key: field -> value (as stored, compared with JsonNode.equals) -> ids. */
  private final Map<String, Map<JsonNode, TreeSet<String>>> byValue = new LinkedHashMap<>();
  /** endpoint key as text ({@code /services/{name}}) -> ids. */
  private final Map<String, TreeSet<String>> byEndpointKey = new HashMap<>();
  private final String endpointKey;
  private final Map<List<JsonNode>, TreeSet<String>> byCacheKey = new HashMap<>();
  /** plugins: config.provision_key (oauth2's unique key) -> ids. */
  private final Map<JsonNode, TreeSet<String>> byProvisionKey = new HashMap<>();
  /** foreign-key field -> parent id -> child ids. */
  private final Map<String, Map<String, TreeSet<String>>> byParent = new LinkedHashMap<>();

  StoreIndex(EntityKind kind) {
    kind.uniqueFields().forEach(f -> byValue.put(f, new HashMap<>()));
    if (kind.endpointKey() != null) {
      byValue.putIfAbsent(kind.endpointKey(), new HashMap<>());
    }
    this.endpointKey = kind.endpointKey();
    this.cacheKey = kind.cacheKey();
    this.provisionKeys = kind.name().equals("plugins");
    for (String[] fk : kind.foreignKeys()) {
      byParent.put(fk[0], new HashMap<>());
    }
  }

  void clear() {
    byValue.values().forEach(Map::clear);
    byEndpointKey.clear();
    byCacheKey.clear();
    byProvisionKey.clear();
    byParent.values().forEach(Map::clear);
  }

  void add(ObjectNode e) {
    update(e, true);
  }

  void remove(ObjectNode e) {
    update(e, false);
  }

  private void update(ObjectNode e, boolean add) {
    String id = e.get("id").asText();
    byValue.forEach((field, index) -> {
      JsonNode v = e.get(field);
      if (v != null) {
        change(index, v, id, add);
      }
    });
    if (endpointKey != null) {
      String text = e.path(endpointKey).asText(null);
      if (text != null) {
        change(byEndpointKey, text, id, add);
      }
    }
    if (cacheKey != null) {
      change(byCacheKey, cacheKeyOf(e), id, add);
    }
    if (provisionKeys) {
      JsonNode pk = e.path("config").get("provision_key");
      if (pk != null) {
        change(byProvisionKey, pk, id, add);
      }
    }
    byParent.forEach((field, index) -> change(index, e.path(field).path("id").asText(), id, add));
  }

  private static <K> void change(Map<K, TreeSet<String>> index, K key, String id, boolean add) {
    if (add) {
      index.computeIfAbsent(key, k -> new TreeSet<>()).add(id);
    } else {
      TreeSet<String> ids = index.get(key);
      if (ids != null) {
        ids.remove(id);
        if (ids.isEmpty()) {
          index.remove(key);
        }
      }
    }
  }

  /** The cache key's values, absent fields as JSON null (as the scan compared them with Json.orNull). */
  List<JsonNode> cacheKeyOf(ObjectNode e) {
    List<JsonNode> key = new ArrayList<>(cacheKey.size());
    for (String f : cacheKey) {
      key.add(Json.orNull(e.get(f)));
    }
    return key;
  }

  boolean indexes(String field) {
    return byValue.containsKey(field);
  }

  /** Ids whose {@code field} equals {@code value}; only for fields {@link #indexes} answers true for. */
  NavigableSet<String> withValue(String field, JsonNode value) {
    return orEmpty(byValue.get(field).get(value));
  }

  NavigableSet<String> withEndpointKey(String text) {
    return orEmpty(byEndpointKey.get(text));
  }

  NavigableSet<String> withCacheKey(List<JsonNode> key) {
    return orEmpty(byCacheKey.get(key));
  }

  NavigableSet<String> withProvisionKey(JsonNode pk) {
    return orEmpty(byProvisionKey.get(pk));
  }

  /** Ids of the entities whose foreign key {@code fkField} points at {@code parentId}. */
  NavigableSet<String> children(String fkField, String parentId) {
    return orEmpty(byParent.get(fkField).get(parentId));
  }

  private static NavigableSet<String> orEmpty(TreeSet<String> ids) {
    return ids == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(ids);
  }
}
