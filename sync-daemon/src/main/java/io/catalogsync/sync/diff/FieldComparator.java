package io.catalogsync.sync.diff;

import io.catalogsync.kong.entity.Consumer;
import io.catalogsync.kong.entity.EntityType;
import io.catalogsync.kong.entity.KongEntity;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import io.catalogsync.kong.entity.Upstream;
import io.catalogsync.sync.kind.Kinds;
import io.catalogsync.sync.plan.FieldChange;
import io.catalogsync.sync.state.EntityJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares a desired entity with the one Kong holds, every field: the desired value where the desired entity
 * sets one, else the default of Kong's schema ({@link SchemaDefaults}), recursively into {@code config} and
 * {@code healthchecks}. A field Kong leaves out or answers null counts as its default (Kong echoes every field;
 * one it leaves out cannot hold a value anyone set), and fields Kong's schema does not know are left alone, so
 * that a second sync writes nothing (controller-runtime's {@code CreateOrUpdate} warns of the same trap).
 *
 * <p>Normalised while comparing: numbers by value ({@code 100}, {@code 100.0} and a long are equal), lists Kong
 * treats as sets by content ({@link #SET_FIELDS}), and rate-limiting's Redis fields in one shape
 * ({@link RedisShape}). Works on the records' own values: nothing is converted to JSON and nothing is allocated
 * unless a field differs (the plan of 10,000 services compares ~43,500 entities every cycle).
 */
final class FieldComparator {

    /** Top-level list fields whose order carries no meaning for Kong. */
    static final Set<String> SET_FIELDS = Set.of("methods", "hosts", "protocols", "tags", "snis");

    /** A modelled field: its name in Kong's JSON and how to read it from the record. */
    private record Field(String name, Function<KongEntity, Object> get, boolean set) {
        Field(String name, Function<KongEntity, Object> get) {
            this(name, get, SET_FIELDS.contains(name));
        }
    }

    private static final Map<EntityType, List<Field>> FIELDS = Map.of(
            EntityType.SERVICE, List.of(
                    new Field("name", e -> ((Service) e).name()),
                    new Field("protocol", e -> ((Service) e).protocol()),
                    new Field("host", e -> ((Service) e).host()),
                    new Field("port", e -> ((Service) e).port()),
                    new Field("path", e -> ((Service) e).path()),
                    new Field("retries", e -> ((Service) e).retries()),
                    new Field("connect_timeout", e -> ((Service) e).connectTimeout()),
                    new Field("write_timeout", e -> ((Service) e).writeTimeout()),
                    new Field("read_timeout", e -> ((Service) e).readTimeout()),
                    new Field("enabled", e -> ((Service) e).enabled()),
                    new Field("tags", e -> ((Service) e).tags())),
            EntityType.ROUTE, List.of(
                    new Field("name", e -> ((Route) e).name()),
                    new Field("protocols", e -> ((Route) e).protocols()),
                    new Field("methods", e -> ((Route) e).methods()),
                    new Field("hosts", e -> ((Route) e).hosts()),
                    new Field("paths", e -> ((Route) e).paths()),
                    new Field("headers", e -> ((Route) e).headers()),
                    new Field("strip_path", e -> ((Route) e).stripPath()),
                    new Field("preserve_host", e -> ((Route) e).preserveHost()),
                    new Field("regex_priority", e -> ((Route) e).regexPriority()),
                    new Field("path_handling", e -> ((Route) e).pathHandling()),
                    new Field("https_redirect_status_code", e -> ((Route) e).httpsRedirectStatusCode()),
                    new Field("request_buffering", e -> ((Route) e).requestBuffering()),
                    new Field("response_buffering", e -> ((Route) e).responseBuffering()),
                    new Field("service", e -> ((Route) e).service()),
                    new Field("tags", e -> ((Route) e).tags())),
            EntityType.UPSTREAM, List.of(
                    new Field("name", e -> ((Upstream) e).name()),
                    new Field("algorithm", e -> ((Upstream) e).algorithm()),
                    new Field("hash_on", e -> ((Upstream) e).hashOn()),
                    new Field("hash_fallback", e -> ((Upstream) e).hashFallback()),
                    new Field("slots", e -> ((Upstream) e).slots()),
                    new Field("host_header", e -> ((Upstream) e).hostHeader()),
                    new Field("healthchecks", e -> ((Upstream) e).healthchecks()),
                    new Field("tags", e -> ((Upstream) e).tags())),
            EntityType.TARGET, List.of(
                    new Field("target", e -> ((Target) e).target()),
                    new Field("weight", e -> ((Target) e).weight()),
                    new Field("upstream", e -> ((Target) e).upstream()),
                    new Field("tags", e -> ((Target) e).tags())),
            EntityType.CONSUMER, List.of(
                    new Field("username", e -> ((Consumer) e).username()),
                    new Field("custom_id", e -> ((Consumer) e).customId()),
                    new Field("tags", e -> ((Consumer) e).tags())),
            EntityType.PLUGIN, List.of(
                    new Field("name", e -> ((Plugin) e).name()),
                    new Field("instance_name", e -> ((Plugin) e).instanceName()),
                    new Field("service", e -> ((Plugin) e).service()),
                    new Field("route", e -> ((Plugin) e).route()),
                    new Field("consumer", e -> ((Plugin) e).consumer()),
                    new Field("config", FieldComparator::pluginConfig),
                    new Field("protocols", e -> ((Plugin) e).protocols()),
                    new Field("enabled", e -> ((Plugin) e).enabled()),
                    new Field("tags", e -> ((Plugin) e).tags())));

    private final SchemaDefaults defaults;
    /** Per schema record: the index of each modelled field (see {@link #fieldIndexes}); one comparator per plan. */
    private final Map<SchemaDefaults.Rec, int[]> fieldIndexes = new java.util.IdentityHashMap<>();

    /**
     * The last record-typed value Kong returned that held every default of {@link #atDefaultsRec} while the desired
     * entity left the field unset: Kong's upstreams share one {@code healthchecks} instance when their values are
     * equal ({@code SharedHealthchecks}), so 10,000 of them are compared once. Forgotten by {@link #startPlan}, so
     * that a value is never trusted across plans.
     */
    private Object atDefaults;
    private SchemaDefaults.Rec atDefaultsRec;

    FieldComparator() {
        this(SchemaDefaults.FALLBACK);
    }

    FieldComparator(SchemaDefaults defaults) {
        this.defaults = defaults;
    }

    List<FieldChange> compare(KongEntity desired, KongEntity actual) {
        SchemaDefaults.Rec rec = Kinds.of(desired).schema(desired, defaults::entity, defaults::plugin);
        List<FieldChange> changes = null;
        List<Field> fields = FIELDS.get(desired.type());
        int[] index = fieldIndexes(rec, fields);
        for (int n = 0; n < index.length; n++) {
            Field f = fields.get(n);
            Object d = f.get.apply(desired);
            Object a = f.get.apply(actual);
            int i = index[n];
            if (d == null && i < 0) {
                continue;
            }
            Object def = i >= 0 ? rec.defaults[i] : null;
            if (d == null && a != null && a == atDefaults && def == atDefaultsRec) {
                continue;
            }
            int before = changes == null ? 0 : changes.size();
            changes = node(f.name, f.set, d, i >= 0, def, a, changes);
            if (d == null && a instanceof Map && def instanceof SchemaDefaults.Rec r
                    && (changes == null ? 0 : changes.size()) == before) {
                atDefaults = a;
                atDefaultsRec = r;
            }
        }
        changes = unmodelled(desired, actual, rec, changes);
        return changes == null ? List.of() : changes;
    }

    /** Called at the start of each plan: values remembered from another plan's state are not trusted. */
    void startPlan() {
        atDefaults = null;
        atDefaultsRec = null;
    }

    /**
     * Where each of {@code fields} sits in {@code rec}, looked up once per schema record rather than once per field
     * of every entity compared (~500,000 hash lookups per plan of 10,000 services). Recs are immutable and few (one
     * per entity type and plugin name), so the cache is keyed by identity and never grows past them.
     */
    private int[] fieldIndexes(SchemaDefaults.Rec rec, List<Field> fields) {
        int[] index = fieldIndexes.get(rec);
        if (index == null) {
            index = new int[fields.size()];
            for (int n = 0; n < index.length; n++) {
                index[n] = rec.indexOf(fields.get(n).name);
            }
            fieldIndexes.put(rec, index);
        }
        return index;
    }

    // ---------------------------------------------------------------- fields the records do not model

    /**
     * Every other field Kong returned ({@link KongEntity#extra()}: a service's {@code tls_verify},
     * {@code ca_certificates}, {@code client_certificate}; a route's {@code snis}, {@code sources}; an upstream's
     * {@code hash_on_cookie_path}, {@code use_srv_name}...) against Kong's schema default, since the daemon never
     * sets them: a hand edit there is drift like any other. Null or absent counts as the default, as above. Fields
     * the schema does not list are left alone: Kong's auto fields ({@code id}, {@code created_at},
     * {@code updated_at}: {@code typedefs.uuid}, {@code auto_timestamp_s/ms} in kong/db/schema/typedefs.lua, all
     * {@code auto = true}, which {@link SchemaDefaults.Rec#parse} skips), fields of another Kong version, and,
     * without Kong's schemas, everything the fallback table does not name. Nothing is allocated while the fields
     * hold their defaults.
     */
    private static List<FieldChange> unmodelled(KongEntity desired, KongEntity actual, SchemaDefaults.Rec rec,
                                                List<FieldChange> out) {
        Map<String, Object> ax = actual.extra();
        Map<String, Object> dx = desired.extra();
        if (ax.isEmpty() && dx.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, Object> e : ax.entrySet()) {
            String k = e.getKey();
            int i = rec.indexOf(k);
            Object d = dx.get(k);
            if (d == null && i < 0) {
                continue;
            }
            out = node(k, SET_FIELDS.contains(k), d, i >= 0, i >= 0 ? rec.defaults[i] : null, e.getValue(), out);
        }
        for (Map.Entry<String, Object> e : dx.entrySet()) {
            if (e.getValue() != null && !ax.containsKey(e.getKey())) {
                out = node(e.getKey(), SET_FIELDS.contains(e.getKey()), e.getValue(), true, null, null, out);
            }
        }
        return out;
    }

    /**
     * {@code desired} as the update that repairs drift on unmodelled fields must write it: with Kong's default
     * for each such field {@code actual} holds otherwise, so that the PUT says what it resets (JSON null for a
     * field without default) rather than relying on Kong's PUT refilling what the body leaves out. A record-typed
     * field is left out of the body, which makes Kong fill its defaults. {@code desired} itself when nothing
     * unmodelled differs (the common case, nothing allocated).
     */
    KongEntity withUnmodelledReset(KongEntity desired, KongEntity actual) {
        Map<String, Object> ax = actual.extra();
        if (ax.isEmpty()) {
            return desired;
        }
        SchemaDefaults.Rec rec = Kinds.of(desired).schema(desired, defaults::entity, defaults::plugin);
        Map<String, Object> dx = desired.extra();
        Map<String, Object> reset = null;
        for (Map.Entry<String, Object> e : ax.entrySet()) {
            String k = e.getKey();
            int i = rec.indexOf(k);
            if (i < 0 || dx.containsKey(k) || rec.defaults[i] instanceof SchemaDefaults.Rec) {
                continue;
            }
            Object def = rec.defaults[i];
            if (node(k, SET_FIELDS.contains(k), null, true, def, e.getValue(), null) != null) {
                reset = reset != null ? reset : new java.util.LinkedHashMap<>(dx);
                reset.put(k, def);
            }
        }
        return reset == null ? desired : desired.withExtra(reset);
    }

    /** rate-limiting's config in the nested Redis shape, whichever shape Kong (or the translation) used. */
    private static Object pluginConfig(KongEntity e) {
        Plugin p = (Plugin) e;
        Map<String, Object> c = p.config();
        return c != null && "rate-limiting".equals(p.name()) ? RedisShape.toNested(c) : c;
    }

    /**
     * Compares one field: {@code d} the desired value (null: not set), {@code listed} whether the schema knows the
     * field, {@code def} its default (a {@link SchemaDefaults.Rec} for a record), {@code a} Kong's value.
     * Returns {@code out}, created on the first difference.
     */
    @SuppressWarnings("unchecked")
    private static List<FieldChange> node(String path, boolean set, Object d, boolean listed, Object def, Object a,
                                          List<FieldChange> out) {
        if (def instanceof SchemaDefaults.Rec rec && (d == null || d instanceof Map)) {
            if (a != null && !(a instanceof Map)) {
                return change(out, path, a, d);
            }
            if (d == null && (a == null || holdsDefaults(rec, (Map<?, ?>) a))) {
                // The common case (an upstream's healthchecks nobody set): no change, found without a lookup per
                // key. Any difference takes the walk below, which reports changes in the schema's order.
                return out;
            }
            Map<String, Object> dm = d == null ? Map.of() : (Map<String, Object>) d;
            Map<String, Object> am = a == null ? Map.of() : (Map<String, Object>) a;
            for (Map.Entry<String, Object> e : dm.entrySet()) {
                int i = rec.indexOf(e.getKey());
                String p = i >= 0 ? rec.paths[i] : path + "." + e.getKey();
                out = node(p, false, e.getValue(), i >= 0, i >= 0 ? rec.defaults[i] : null, am.get(e.getKey()), out);
            }
            for (int i = 0; i < rec.keys.length; i++) {
                if (!dm.containsKey(rec.keys[i])) {
                    out = node(rec.paths[i], false, null, true, rec.defaults[i], am.get(rec.keys[i]), out);
                }
            }
            return out;
        }
        if (d != null) {
            if (d instanceof Map<?, ?> dm) {
                if (!(a instanceof Map<?, ?> am)) {
                    return change(out, path, a, d);
                }
                for (Map.Entry<?, ?> e : dm.entrySet()) {
                    out = node(path + "." + e.getKey(), false, e.getValue(), false, null, am.get(e.getKey()), out);
                }
                return out;
            }
            boolean equal = set && d instanceof List<?> dl ? sameSet(dl, a) : same(d, a);
            return equal ? out : change(out, path, a, d);
        }
        if (!listed || a == null) {
            return out;
        }
        boolean equal;
        if (def == null) {
            equal = a instanceof List<?> l && l.isEmpty() || a instanceof Map<?, ?> m && m.isEmpty();
        } else {
            equal = set && def instanceof List<?> dl ? sameSet(dl, a) : same(def, a);
        }
        return equal ? out : change(out, path, a, def);
    }

    /**
     * Whether every field of {@code actual} holds {@code rec}'s default, i.e. whether {@link #node} would find no
     * change in a record the desired entity leaves unset. Walks Kong's own fields once instead of looking each
     * schema key up in them (an upstream's {@code healthchecks} are ~60 values, 10,000 upstreams per plan): a field
     * Kong leaves out holds its default, one the schema does not list is not compared. Kong answers a record's
     * fields in the schema's order, so the key at the same position is tried before the index.
     */
    private static boolean holdsDefaults(SchemaDefaults.Rec rec, Map<?, ?> actual) {
        int next = 0;
        for (Map.Entry<?, ?> e : actual.entrySet()) {
            Object a = e.getValue();
            if (a == null) {
                next++;
                continue;
            }
            Object k = e.getKey();
            int i = next < rec.keys.length && rec.keys[next].equals(k) ? next
                    : k instanceof String s ? rec.indexOf(s) : -1;
            if (i < 0) {
                continue;
            }
            next = i + 1;
            Object def = rec.defaults[i];
            if (def instanceof SchemaDefaults.Rec sub) {
                if (!(a instanceof Map<?, ?> am) || !holdsDefaults(sub, am)) {
                    return false;
                }
            } else if (def == null) {
                if (!(a instanceof List<?> l && l.isEmpty() || a instanceof Map<?, ?> m && m.isEmpty())) {
                    return false;
                }
            } else if (!same(def, a)) {
                return false;
            }
        }
        return true;
    }

    private static List<FieldChange> change(List<FieldChange> out, String path, Object actual, Object desired) {
        List<FieldChange> o = out == null ? new ArrayList<>(2) : out;
        o.add(new FieldChange(path, EntityJson.MAPPER.valueToTree(actual), EntityJson.MAPPER.valueToTree(desired)));
        return o;
    }

    /**
     * Whether {@code actual} matches {@code desired}: numbers by value, objects on the keys desired sets,
     * arrays element by element in order, references on the parts desired names.
     */
    static boolean same(Object desired, Object actual) {
        if (desired == null) {
            return true;
        }
        if (desired instanceof Number dn) {
            return actual instanceof Number an && sameNumber(dn, an);
        }
        if (desired instanceof Map<?, ?> dm) {
            if (!(actual instanceof Map<?, ?> am)) {
                return false;
            }
            for (Map.Entry<?, ?> e : dm.entrySet()) {
                if (!same(e.getValue(), am.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> dl) {
            if (!(actual instanceof List<?> al) || al.size() != dl.size()) {
                return false;
            }
            for (int i = 0; i < dl.size(); i++) {
                Object de = dl.get(i);
                Object ae = al.get(i);
                // A null element must stay null.
                if (de == null ? ae != null : !same(de, ae)) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof Ref dr) {
            return actual instanceof Ref ar && (dr.id() == null || dr.id().equals(ar.id()))
                    && (dr.name() == null || dr.name().equals(ar.name()));
        }
        return desired.equals(actual);
    }

    private static boolean sameNumber(Number d, Number a) {
        if (isIntegral(d) && isIntegral(a)) {
            return d.longValue() == a.longValue();
        }
        return Double.compare(d.doubleValue(), a.doubleValue()) == 0;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    /** Lists Kong treats as sets: same elements, any order; absent in Kong is an empty set. */
    private static boolean sameSet(List<?> desired, Object actual) {
        if (!(actual instanceof List<?> al)) {
            return desired.isEmpty() && actual == null;
        }
        if (al.size() != desired.size()) {
            return false;
        }
        // Kong keeps these arrays in the order written, so the same strings in the same order are the usual case:
        // one equals per element instead of the both-ways containment below (two scans of the other list each).
        if (sameStringsInOrder(desired, al)) {
            return true;
        }
        for (Object d : desired) {
            if (!containsSame(al, d)) {
                return false;
            }
        }
        for (Object a : al) {
            if (!containsSame(desired, a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameStringsInOrder(List<?> desired, List<?> actual) {
        for (int i = 0; i < desired.size(); i++) {
            if (!(desired.get(i) instanceof String d) || !d.equals(actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsSame(List<?> list, Object x) {
        for (Object o : list) {
            if (o instanceof String so) {
                if (so.equals(x)) {
                    return true;
                }
            } else if (o == null ? x == null : x != null && same(o, x) && same(x, o)) {
                return true;
            }
        }
        return false;
    }
}
