package io.github.panagrad.bench;

/**
 * One way of writing a {@link TrainingModel} training step in DJL: {@link #run} takes one
 * step (forward, MSE loss, backward, SGD update with {@link TrainingModel#LEARNING_RATE})
 * and frees what the step allocated; {@link #close} frees the network and data.
 */
interface DjlStep extends AutoCloseable {

    /** Takes one training step on the model's batch. */
    void run();

    @Override
    void close();
}
