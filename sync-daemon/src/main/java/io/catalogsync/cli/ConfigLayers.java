package io.catalogsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves one setting from its layers, highest first: the command-line flag, the environment ({@code KCS_*},
 * then legacy names such as {@code CATALOG_API_KEY}), the YAML config file ({@code --config}), the default.
 * Values from every layer are parsed the same way and a bad one fails with the layer named
 * ({@code KCS_PARALLELISM: "many" is not a whole number}). Public so that the daemon's settings extend the same
 * resolution with their own keys.
 */
public final class ConfigLayers {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private final Map<String, String> env;
    private final JsonNode file;
    private final String fileName;

    public ConfigLayers(Map<String, String> env, JsonNode file, String fileName) {
        this.env = Map.copyOf(env);
        this.file = file == null ? MissingNode.getInstance() : file;
        this.fileName = fileName;
    }

    /** Reads the YAML config file, or no file when {@code path} is null. */
    public static ConfigLayers load(Map<String, String> env, Path path) {
        if (path == null) {
            return new ConfigLayers(env, null, null);
        }
        try {
            JsonNode root = YAML.readTree(Files.readString(path));
            if (root != null && !root.isNull() && !root.isMissingNode() && !root.isObject()) {
                throw new SettingsException("config file " + path + ": expected a mapping of settings at the top");
            }
            return new ConfigLayers(env, root, path.toString());
        } catch (IOException e) {
            throw new SettingsException("cannot read config file " + path + ": " + e.getMessage());
        }
    }

    /** Where a value came from, for error messages. */
    private record Raw(String value, String origin) {
    }

    /**
     * @param flagValue the flag's value (null when not given) and {@code flagName} for messages
     * @param fileKey   dotted path in the config file ({@code kongRedis.host})
     * @param envNames  variables, first match wins
     */
    private Raw raw(String flagValue, String flagName, String fileKey, String... envNames) {
        if (flagValue != null) {
            return new Raw(flagValue, flagName);
        }
        for (String name : envNames) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                return new Raw(v, name);
            }
        }
        if (fileKey != null) {
            JsonNode n = file;
            for (String part : fileKey.split("\\.")) {
                n = n.path(part);
            }
            if (!n.isMissingNode() && !n.isNull()) {
                if (n.isContainerNode()) {
                    throw new SettingsException(fileName + ": " + fileKey + " must be a single value");
                }
                return new Raw(n.asText(), fileName + ": " + fileKey);
            }
        }
        return null;
    }

    public String string(String flagValue, String flagName, String fileKey, String defaultValue, String... envNames) {
        Raw r = raw(flagValue, flagName, fileKey, envNames);
        return r == null ? defaultValue : r.value();
    }

    public Integer integer(String flagValue, String flagName, String fileKey, Integer defaultValue, int min, int max,
                           String... envNames) {
        Raw r = raw(flagValue, flagName, fileKey, envNames);
        if (r == null) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(r.value().trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(r.origin() + ": \"" + r.value() + "\" is not a whole number");
        }
        if (v < min || v > max) {
            throw new SettingsException(r.origin() + ": " + v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    public double decimal(String flagValue, String flagName, String fileKey, double defaultValue, double min,
                          double max, String... envNames) {
        Raw r = raw(flagValue, flagName, fileKey, envNames);
        if (r == null) {
            return defaultValue;
        }
        double v;
        try {
            v = Double.parseDouble(r.value().trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(r.origin() + ": \"" + r.value() + "\" is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw new SettingsException(r.origin() + ": " + r.value() + " is out of range " + min + ".." + max);
        }
        return v;
    }

    public boolean bool(Boolean flagValue, String flagName, String fileKey, boolean defaultValue, String... envNames) {
        Raw r = raw(flagValue == null ? null : flagValue.toString(), flagName, fileKey, envNames);
        if (r == null) {
            return defaultValue;
        }
        switch (r.value().trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw new SettingsException(r.origin() + ": \"" + r.value() + "\" is not true or false");
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String flagValue, String flagName, String fileKey, Duration defaultValue,
                             String... envNames) {
        Raw r = raw(flagValue, flagName, fileKey, envNames);
        if (r == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(r.value().trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new SettingsException(r.origin() + ": \"" + r.value() + "\" is not a duration such as 30s, 500ms or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new SettingsException(r.origin() + ": the duration must be positive");
        }
        return d;
    }
}
