"""Sparklines: a series' shape as a few points of an inline SVG polyline (no script, any page or table)."""

WIDTH, HEIGHT, PAD = 80, 20, 2


def sparkline(values, years):
    """The polyline's ``points`` for ``{year: value}`` over ``years`` (a gap breaks nothing: it is skipped);
    "" with fewer than two values. Each series is scaled to its own low and high."""
    shown = [(index, float(values[year])) for index, year in enumerate(years) if values.get(year) is not None]
    if len(shown) < 2:
        return ""
    low = min(value for _index, value in shown)
    high = max(value for _index, value in shown)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(years) - 1, 1)
    return " ".join(
        f"{PAD + index * step:.1f},{HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD):.1f}"
        for index, value in shown
    )
