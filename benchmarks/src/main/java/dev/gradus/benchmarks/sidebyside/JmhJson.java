package dev.gradus.benchmarks.sidebyside;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's JSON result format ({@code -rf json}) in average-time mode into {@link Measurement}s. */
public final class JmhJson {
    private JmhJson() {}

    /** The measurements in {@code json}, in file order. */
    public static List<Measurement> parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("JMH results: not JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException("JMH results: expected a JSON array of runs");
        }
        List<Measurement> out = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray()) {
            JsonObject run = e.getAsJsonObject();
            String benchmark = run.get("benchmark").getAsString();
            String mode = run.get("mode").getAsString();
            if (!mode.equals("avgt")) {
                throw new IllegalArgumentException("JMH results: " + benchmark + " was run in mode '" + mode
                        + "'; expected average time (avgt)");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (run.has("params")) {
                run.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject metric = run.getAsJsonObject("primaryMetric");
            double scale = secondsPer(metric.get("scoreUnit").getAsString(), benchmark);
            // JMH writes the error as the string "NaN" after a single iteration; Gson parses that too.
            double error = metric.get("scoreError").getAsDouble();
            out.add(new Measurement(benchmark, params, metric.get("score").getAsDouble() * scale, error * scale));
        }
        return out;
    }

    /** Seconds per unit of a JMH average-time unit such as {@code us/op}. */
    static double secondsPer(String unit, String benchmark) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalArgumentException("JMH results: unknown unit '" + unit + "' of " + benchmark);
        };
    }
}
