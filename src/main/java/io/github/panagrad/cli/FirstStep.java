package io.github.panagrad.cli;

/**
 * The data flow of the first training step, for the report's five stages.
 *
 * @param input the first micro-batch's input (its shape; its values are the data set's first rows)
 * @param output the model's output for it
 * @param loss the micro-batch's loss (unscaled by gradient accumulation)
 * @param grad the first layer's weight gradient after the first backward
 * @param before the first layer's weight before the first optimizer step
 * @param after the same weight after it
 */
record FirstStep(TensorSnapshot input, TensorSnapshot output, float loss,
                 TensorSnapshot grad, TensorSnapshot before, TensorSnapshot after) {
}
