package io.catalogsync.sync.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.sync.state.EntityJson;

/**
 * The desired state as a decK-format file: {@code _format_version: "3.0"}, services with their routes and
 * plugins nested, upstreams with their targets, consumers.
 *
 * <p>Two targets. {@link Target#DECK} adds {@code _info.select_tags: [owner tag]}, so that {@code deck gateway
 * sync} manages only the daemon's entities and leaves every other entity alone. {@link Target#KONG} leaves
 * {@code _info} out: Kong's own declarative schema (kong/db/schema/others/declarative_config.lua in 3.4) knows only
 * {@code _format_version}, {@code _transform}, {@code _comment} and {@code _ignore} at the top level and refuses
 * any other key as an unknown field, so that is the file to {@code POST /config} to a DB-less Kong.
 */
public final class DeckRenderer {

    public enum Target { DECK, KONG }

    public enum Format { YAML, JSON }

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private static final ObjectMapper JSON = EntityJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private DeckRenderer() {
    }

    public static ObjectNode document(KongState desired, String ownerTag, Target target) {
        ObjectNode nested = DeclarativeConfig.nested(desired);
        if (target == Target.KONG) {
            return nested;
        }
        ObjectNode doc = EntityJson.MAPPER.createObjectNode();
        doc.put("_format_version", DeclarativeConfig.FORMAT_VERSION);
        doc.putObject("_info").putArray("select_tags").add(ownerTag);
        nested.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("_format_version")) {
                doc.set(f.getKey(), f.getValue());
            }
        });
        return doc;
    }

    /**
     * The mapper {@link #render} writes {@code format} with, for a document too large to hold as a tree: a caller
     * writes it piece by piece through {@link ObjectMapper#createGenerator(java.io.OutputStream)} (the JSON one
     * indents, as {@link #render} does).
     */
    public static ObjectMapper mapper(Format format) {
        return format == Format.JSON ? JSON : YAML;
    }

    public static String render(KongState desired, String ownerTag, Target target, Format format) {
        ObjectNode doc = document(desired, ownerTag, target);
        try {
            return format == Format.JSON ? JSON.writeValueAsString(doc) + "\n" : YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the declarative config", e);
        }
    }
}
