package io.catalogsync.catalog.translate;

import io.catalogsync.catalog.CatalogService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@link Translator#translate(List, TranslateOptions)} for a caller that translates the catalog again and again
 * (the daemon, every cycle): each catalog service's part of the translation (its problems and entities) is kept
 * from the previous call and reused when the service and the options are equal to what produced it, so an
 * unchanged catalog of 10,000 services is not validated and built again every 30 seconds (issue 12). The result
 * always equals a fresh translation: what depends on several services (names used twice, the shared anonymous
 * consumer, the order of entities and problems) is decided afresh on every call by the {@link Translator}.
 *
 * <p>A service is reused when its {@link CatalogService} record is equal to last call's service of the same name
 * and its metadata keys come in the same order (record equality compares maps regardless of order, and problems
 * are reported in the catalog's key order), and the {@link TranslateOptions} (Kong version and mode included) are
 * equal to last call's; other options clear everything. Memory is bounded by the catalog: each call keeps exactly
 * the services of the catalog it was given, so a deleted or renamed service is forgotten by the next call. The
 * entities handed out are shared between calls' results; they are immutable records (plugin configs are plain
 * maps nothing downstream writes to). Pure: no I/O; calls are serialised.
 */
public final class TranslationCache {

    private TranslateOptions options;
    private Map<String, Entry> entries = Map.of();
    /** Services translated (not reused) by the last call; a test hook. */
    private int translatedLastCall;

    private record Entry(CatalogService input, Translator.ServiceTranslation output) {
    }

    public synchronized Translation translate(List<CatalogService> catalog, TranslateOptions options) {
        Map<String, Entry> previous = options.equals(this.options) ? entries : Map.of();
        Map<String, Entry> next = new HashMap<>(Math.max(16, catalog.size() * 4 / 3 + 1));
        int[] translated = {0};
        Translation t = Translator.translate(catalog, options, (service, translate) -> {
            // Names are unique here (the Translator rejects services sharing one before asking).
            Entry e = previous.get(service.name());
            if (e == null || !sameInput(e.input(), service)) {
                e = new Entry(service, translate.get());
                translated[0]++;
            }
            next.put(service.name(), e);
            return e.output();
        });
        this.options = options;
        this.entries = next;
        this.translatedLastCall = translated[0];
        return t;
    }

    /** How many services the last call translated rather than reused. */
    synchronized int translatedLastCall() {
        return translatedLastCall;
    }

    /** How many services are kept for the next call. */
    synchronized int size() {
        return entries.size();
    }

    static boolean sameInput(CatalogService kept, CatalogService now) {
        return kept == now || kept.equals(now) && sameKeyOrder(kept.metadata(), now.metadata());
    }

    private static boolean sameKeyOrder(Map<String, String> a, Map<String, String> b) {
        Iterator<String> i = a.keySet().iterator();
        Iterator<String> j = b.keySet().iterator();
        while (i.hasNext() && j.hasNext()) {
            if (!java.util.Objects.equals(i.next(), j.next())) {
                return false;
            }
        }
        return !i.hasNext() && !j.hasNext();
    }
}
