package dev.gradus.benchmarks.sidebyside;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** One run of the PyTorch anchor: its torch version and thread count, and seconds per figure key. */
public record AnchorRun(String torchVersion, int threads, Map<String, Double> seconds) {
    public AnchorRun {
        seconds = Map.copyOf(seconds);
    }

    /** Parses the anchor's {@code --json} line ({@code {"torch": …, "threads": …, "results": {key: µs}}}). */
    public static AnchorRun parse(String json) {
        try {
            JsonObject o = JsonParser.parseString(json.strip()).getAsJsonObject();
            Map<String, Double> seconds = new LinkedHashMap<>();
            o.getAsJsonObject("results").entrySet().forEach(e -> seconds.put(e.getKey(), e.getValue().getAsDouble() * 1e-6));
            return new AnchorRun(o.get("torch").getAsString(), o.get("threads").getAsInt(), seconds);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("PyTorch anchor output: expected one JSON object with torch, threads and "
                    + "results, got: " + abbreviate(json), e);
        }
    }

    /** The figure for {@code key}, empty if this run did not measure it. */
    public OptionalDouble figure(String key) {
        Double s = seconds.get(key);
        return s == null ? OptionalDouble.empty() : OptionalDouble.of(s);
    }

    static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
