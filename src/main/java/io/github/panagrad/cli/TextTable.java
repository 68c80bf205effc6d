package io.github.panagrad.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart, left-aligned
 * unless marked right-aligned. A table whose headers are all empty prints without a
 * header line.
 */
final class TextTable {

    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** @param headers one per column; all empty for a table without a header line */
    TextTable(String... headers) {
        this.headers = headers.clone();
        this.right = new boolean[headers.length];
    }

    /**
     * Right-aligns the given columns (numbers read better that way).
     *
     * @param columns zero-based column indexes
     * @return this table
     */
    TextTable rightAligned(int... columns) {
        for (int column : columns) {
            right[column] = true;
        }
        return this;
    }

    /**
     * Adds a row.
     *
     * @param cells one per column, printed with {@link String#valueOf(Object)}
     * @return this table
     * @throws IllegalArgumentException when the cell count differs from the column count
     */
    TextTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length
                    + " columns: " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
        return this;
    }

    /**
     * @param indent printed before every line
     * @return the table, one line per row (plus header and rule when there are headers), each ending in a newline
     */
    String render(String indent) {
        int[] widths = new int[headers.length];
        boolean withHeader = Arrays.stream(headers).anyMatch(h -> !h.isEmpty());
        List<String[]> lines = new ArrayList<>();
        if (withHeader) {
            lines.add(headers);
        }
        lines.addAll(rows);
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            appendLine(text, indent, lines.get(l), widths);
            if (withHeader && l == 0) {
                String[] rule = new String[widths.length];
                for (int c = 0; c < widths.length; c++) {
                    rule[c] = "-".repeat(widths[c]);
                }
                appendLine(text, indent, rule, widths);
            }
        }
        return text.toString();
    }

    private void appendLine(StringBuilder text, String indent, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(c == 0 ? "" : "  ").append(right[c] ? pad + cells[c] : cells[c] + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
