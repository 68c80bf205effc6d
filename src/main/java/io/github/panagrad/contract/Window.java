package io.github.panagrad.contract;

/**
 * The elements one array argument of a kernel covers: a row-major {@code rows × cols} block
 * starting at index {@code off} with leading dimension {@code ld}; a vector is one row.
 * Elements between the rows (when {@code ld > cols}) are not part of it.
 *
 * @param off the index of the first element
 * @param rows the row count
 * @param cols the column count
 * @param ld the distance between the first elements of two rows, {@code >= max(1, cols)}
 */
public record Window(int off, int rows, int cols, int ld) {

    /** @return the elements from the first to the last one, {@code (rows - 1)·ld + cols}; 0 when empty */
    public long extent() {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    /** @return the index just past the last element */
    public int end() {
        return (int) (off + extent());
    }

    /**
     * @param index an array index
     * @return whether the element at {@code index} belongs to the window
     */
    public boolean contains(int index) {
        if (rows == 0 || cols == 0 || index < off || index >= end()) {
            return false;
        }
        return (index - off) % ld < cols;
    }

    /**
     * @param row a row, {@code < rows}
     * @param col a column, {@code < cols}
     * @return the array index of element {@code (row, col)}
     */
    public int at(int row, int col) {
        return off + row * ld + col;
    }
}
