"""Markdown tables and number formats for the bench's reports (bench/render.py, bench/coldstart_render.py)."""


def table(header, rows):
    """A Markdown table: the header, then one line per row; cells are written with str()."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_number(value):
    """A time or size with about three significant digits (thousands separated), or — for None."""
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"
