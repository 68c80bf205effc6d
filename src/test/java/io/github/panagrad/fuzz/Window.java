package io.github.panagrad.fuzz;

/**
 * The elements one kernel argument covers: a row-major {@code rows × cols} block at
 * {@code off} with leading dimension {@code ld}; a vector is one row. Elements between the
 * rows (when {@code ld > cols}) are not part of it.
 */
record Window(int off, int rows, int cols, int ld) {

    static Window vector(int off, int n) {
        return new Window(off, 1, n, Math.max(1, n));
    }

    static Window matrix(int off, int rows, int cols, int ld) {
        return new Window(off, rows, cols, ld);
    }

    /** Elements from the first to the last one of the window, {@code (rows - 1)·ld + cols}, 0 when empty. */
    long extent() {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    /** Index just past the window's last element. */
    int end() {
        return (int) (off + extent());
    }

    boolean contains(int index) {
        if (rows == 0 || cols == 0 || index < off || index >= end()) {
            return false;
        }
        return (index - off) % ld < cols;
    }

    /** Index of element {@code (row, col)}. */
    int at(int row, int col) {
        return off + row * ld + col;
    }
}
