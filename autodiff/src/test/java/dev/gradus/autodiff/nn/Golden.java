package dev.gradus.autodiff.nn;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the golden-value file {@code golden/nn_golden.json} (written by {@code make_golden.py}) with
 * a minimal JSON parser: objects, arrays, numbers, strings, true/false/null. Numbers are parsed
 * with {@link Double#parseDouble}, which recovers exactly the doubles Python wrote.
 */
final class Golden {
    private final String text;
    private int at;

    private Golden(String text) {
        this.text = text;
    }

    /** The parsed top-level object of a JSON resource on the class path. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String resource) {
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Golden p = new Golden(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Object v = p.value();
            p.skipSpace();
            if (p.at != p.text.length()) {
                throw p.error("trailing characters");
            }
            return (Map<String, Object>) v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof Map)) {
            throw new IllegalStateException("golden: no object '" + key + "' in " + parent.keySet());
        }
        return (Map<String, Object>) v;
    }

    static double number(Map<String, Object> parent, String key) {
        return (Double) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Map<String, Object> parent, String key) {
        List<Object> l = (List<Object>) parent.get(key);
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ((Double) l.get(i)).intValue();
        }
        return r;
    }

    /** A tensor stored as {@code {"shape": [...], "data": [...]}}. */
    @SuppressWarnings("unchecked")
    static Tensor tensor(Map<String, Object> parent, String key) {
        Map<String, Object> t = object(parent, key);
        List<Object> shapeList = (List<Object>) t.get("shape");
        List<Object> dataList = (List<Object>) t.get("data");
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = ((Double) shapeList.get(i)).intValue();
        }
        double[] data = new double[dataList.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (Double) dataList.get(i);
        }
        return Tensor.of(data, shape);
    }

    /** Every tensor of an object of tensors, in file order, as Params. */
    static Params params(Map<String, Object> parent, String key) {
        Map<String, Object> m = object(parent, key);
        Params.Builder b = Params.builder();
        for (String name : m.keySet()) {
            b.put(name, tensor(m, name));
        }
        return b.build();
    }

    // ---------------------------------------------------------------- parser

    private Object value() {
        skipSpace();
        char c = peek();
        switch (c) {
            case '{':
                return objectValue();
            case '[':
                return arrayValue();
            case '"':
                return stringValue();
            case 't':
                expect("true");
                return Boolean.TRUE;
            case 'f':
                expect("false");
                return Boolean.FALSE;
            case 'n':
                expect("null");
                return null;
            default:
                return numberValue();
        }
    }

    private Map<String, Object> objectValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return m;
        }
        while (true) {
            skipSpace();
            String key = stringValue();
            skipSpace();
            if (text.charAt(at++) != ':') {
                throw error("expected ':'");
            }
            m.put(key, value());
            skipSpace();
            char c = text.charAt(at++);
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> arrayValue() {
        List<Object> l = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return l;
        }
        while (true) {
            l.add(value());
            skipSpace();
            char c = text.charAt(at++);
            if (c == ']') {
                return l;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String stringValue() {
        if (text.charAt(at) != '"') {
            throw error("expected a string");
        }
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Double numberValue() {
        // Python's json writes these for non-finite floats.
        for (String special : new String[] {"NaN", "Infinity", "-Infinity"}) {
            if (text.startsWith(special, at)) {
                at += special.length();
                return Double.parseDouble(special);
            }
        }
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        if (start == at) {
            throw error("expected a value");
        }
        return Double.parseDouble(text.substring(start, at));
    }

    private void expect(String word) {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalStateException error(String what) {
        return new IllegalStateException("golden JSON: " + what + " at offset " + at);
    }
}
