package io.catalogsync.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads catalog documents into {@link CatalogService} values.
 *
 * <p>Accepted shapes: a bare array of services, or an object holding the array under {@code items},
 * {@code services} or {@code data} (and, for paging, a {@code next} link). YAML additionally accepts a single
 * service object and several documents separated by {@code ---}, which is handy for one-file-per-service GitOps
 * folders. Anything else (for example an error object such as {@code {"message": "unauthorised"}}) is a
 * {@link CatalogParseException}, never an empty catalog: an empty catalog would mean "delete everything".
 *
 * <p>Metadata values that are JSON numbers or booleans become strings; nested objects are flattened to dotted
 * keys ({@code rateLimit: {minute: 10}} is {@code rateLimit.minute = "10"}) and arrays of scalars are joined with
 * commas, so YAML authors can write lists naturally. A value of the wrong type elsewhere (a port that is not a
 * number, endpoints that are not a list) fails the whole document rather than silently dropping a service, since a
 * dropped service would be deleted from Kong.
 */
public final class CatalogParser {

    // A key given twice is an error naming the key (Jackson's default keeps the last one silently, so a catalog
    // saying rateLimit.minute twice would rate-limit with whichever came last).
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = yamlMapper();

    private CatalogParser() {
    }

    /** Parses one catalog API response body (JSON); {@code source} names it in error messages. */
    public static CatalogPage parseJson(byte[] body) {
        return parseJson(body, "catalog response");
    }

    /** Parses one catalog API response body (JSON); {@code sourceName} names it in error messages. */
    public static CatalogPage parseJson(byte[] body, String sourceName) {
        if (body == null || body.length == 0) {
            throw new CatalogParseException(sourceName + ": empty body, expected a JSON array of services");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw syntaxError(sourceName, "JSON", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new CatalogParseException(sourceName + ": empty document, expected a JSON array of services");
        }
        return new ServiceNodeReader(sourceName).page(root, false);
    }

    /**
     * Parses a YAML (or JSON, which is YAML) catalog file. An empty file holds no services.
     */
    public static List<CatalogService> parseYaml(String text, String sourceName) {
        List<CatalogService> services = new ArrayList<>();
        ServiceNodeReader reader = new ServiceNodeReader(sourceName);
        // One tree per YAML document; MappingIterator would unwrap a top-level list instead.
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    services.addAll(reader.page(doc, true).services());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CatalogParseException cpe) {
                throw cpe;
            }
            throw syntaxError(sourceName, "YAML", e);
        }
        return services;
    }

    private static CatalogParseException syntaxError(String source, String format, Exception e) {
        StringBuilder msg = new StringBuilder(source).append(": invalid ").append(format);
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation loc = jpe.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                msg.append(" at line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
            }
            msg.append(": ").append(jpe.getOriginalMessage());
        } else {
            msg.append(": ").append(e.getMessage());
        }
        return new CatalogParseException(msg.toString(), e);
    }

    private static ObjectMapper yamlMapper() {
        LoaderOptions loader = new LoaderOptions();
        // SnakeYAML's default 3 MB limit is too small for a catalog of thousands of services.
        loader.setCodePointLimit(256 * 1024 * 1024);
        YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder().loaderOptions(loader).build());
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return yaml;
    }
}
