package io.github.panagrad.parity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One PyTorch-parity fixture file, as written by {@code src/test/python/make_fixtures.py}:
 * named text values and named float32 arrays with their shapes, floats stored as the hex of
 * their IEEE-754 bits so they load exactly.
 *
 * <pre>
 * # comment
 * text &lt;name&gt; &lt;words...&gt;
 * float32 &lt;name&gt; &lt;d0&gt; &lt;d1&gt; ...     (no dimensions: a scalar)
 * &lt;8 hex digits per element, 16 elements to a line, row-major&gt;
 * </pre>
 *
 * <p>Every lookup marks its entry as read, so a test can assert that it checked everything
 * the file holds ({@link #unread()}).
 */
final class Fixture {

    /** Class-path folder of the fixtures. */
    static final String FOLDER = "/fixtures/";
    /** The list of fixture files in {@link #FOLDER}, one name a line. */
    static final String INDEX = "index.txt";

    private static final int HEX_DIGITS = 8;

    private final String name;
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> arrays = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();

    private Fixture(String name) {
        this.name = name;
    }

    /** @return the file names listed in the index, in order */
    static List<String> index() {
        List<String> names = new ArrayList<>();
        for (String line : lines(INDEX)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.trim());
            }
        }
        return names;
    }

    /**
     * Parses one fixture from the class path.
     *
     * @param fileName a name from {@link #index()}
     * @return the parsed fixture
     * @throws IllegalStateException when the file is missing or malformed
     */
    static Fixture load(String fileName) {
        Fixture fixture = new Fixture(fileName);
        List<String> lines = lines(fileName);
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i++);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.trim().split(" ");
            if (words[0].equals("text") && words.length >= 2) {
                String value = String.join(" ", Arrays.asList(words).subList(2, words.length));
                fixture.put(fixture.texts, words[1], value);
            } else if (words[0].equals("float32") && words.length >= 2) {
                int[] shape = new int[words.length - 2];
                long count = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = Integer.parseInt(words[d + 2]);
                    count *= shape[d];
                }
                float[] data = new float[Math.toIntExact(count)];
                int filled = 0;
                while (filled < data.length) {
                    if (i >= lines.size()) {
                        throw fixture.malformed("array " + words[1] + " ends after " + filled + " of " + count + " elements");
                    }
                    String hex = lines.get(i++).trim();
                    for (int at = 0; at < hex.length(); at += HEX_DIGITS) {
                        if (filled == data.length || at + HEX_DIGITS > hex.length()) {
                            throw fixture.malformed("array " + words[1] + " has a malformed data line: " + hex);
                        }
                        data[filled++] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex.substring(at, at + HEX_DIGITS), 16));
                    }
                }
                fixture.put(fixture.shapes, words[1], shape);
                fixture.put(fixture.arrays, words[1], data);
            } else {
                throw fixture.malformed("line " + i + " is neither text nor float32: " + line);
            }
        }
        return fixture;
    }

    /** @return the file name */
    String name() {
        return name;
    }

    /**
     * @param key entry name
     * @return the text value
     * @throws IllegalStateException when there is no such text entry
     */
    String text(String key) {
        return take(texts, key);
    }

    /**
     * @param key entry name
     * @return a copy of the array's elements, row-major
     * @throws IllegalStateException when there is no such array
     */
    float[] floats(String key) {
        return take(arrays, key).clone();
    }

    /**
     * @param key entry name
     * @return the array's shape (empty for a scalar)
     * @throws IllegalStateException when there is no such array
     */
    int[] shape(String key) {
        if (!shapes.containsKey(key)) {
            throw malformed("has no array '" + key + "'");
        }
        return shapes.get(key).clone();
    }

    /**
     * @param key entry name of a one-element array
     * @return its value
     * @throws IllegalStateException when there is no such array or it has more than one element
     */
    float scalar(String key) {
        float[] data = floats(key);
        if (data.length != 1) {
            throw malformed("'" + key + "' has " + data.length + " elements, not 1");
        }
        return data[0];
    }

    /** @return the names of the entries no lookup has touched yet, sorted */
    Set<String> unread() {
        Set<String> all = new TreeSet<>(texts.keySet());
        all.addAll(arrays.keySet());
        all.removeAll(read);
        return all;
    }

    private <T> T take(Map<String, T> entries, String key) {
        T value = entries.get(key);
        if (value == null) {
            throw malformed("has no entry '" + key + "'");
        }
        read.add(key);
        return value;
    }

    private <T> void put(Map<String, T> entries, String key, T value) {
        if (texts.containsKey(key) || arrays.containsKey(key)) {
            throw malformed("has entry '" + key + "' twice");
        }
        entries.put(key, value);
    }

    private IllegalStateException malformed(String what) {
        return new IllegalStateException("fixture " + name + " " + what);
    }

    private static List<String> lines(String fileName) {
        InputStream in = Fixture.class.getResourceAsStream(FOLDER + fileName);
        if (in == null) {
            throw new IllegalStateException("fixture file " + FOLDER + fileName + " is missing from the test class path;"
                    + " regenerate it with /usr/bin/python3 src/test/python/make_fixtures.py");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("reading fixture " + fileName, e);
        }
    }
}
