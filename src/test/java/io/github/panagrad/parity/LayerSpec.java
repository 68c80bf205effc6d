package io.github.panagrad.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a fixture's model, as its {@code model} entry spells it: {@code linear:IN:OUT}
 * (a Linear layer, weight {@code OUT × IN}, bias {@code OUT}) or {@code relu}.
 *
 * @param linear true for a Linear layer, false for ReLU
 * @param in input width of a Linear layer (0 for ReLU)
 * @param out output width of a Linear layer (0 for ReLU)
 */
record LayerSpec(boolean linear, int in, int out) {

    /**
     * @param model the words of a fixture's {@code model} entry
     * @return the layers, first to last
     * @throws IllegalStateException on an unknown word
     */
    static List<LayerSpec> parse(String model) {
        List<LayerSpec> layers = new ArrayList<>();
        for (String word : model.trim().split(" ")) {
            String[] parts = word.split(":");
            if (parts.length == 3 && parts[0].equals("linear")) {
                layers.add(new LayerSpec(true, Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
            } else if (word.equals("relu")) {
                layers.add(new LayerSpec(false, 0, 0));
            } else {
                throw new IllegalStateException("unknown layer '" + word + "' in model '" + model + "'");
            }
        }
        return layers;
    }
}
