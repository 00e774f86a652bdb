"""Charts as SVG drawn on the server: no chart code in the browser, nothing the CSP must allow, and they
print. Each chart names itself for screen readers; the page shows the same figures as a table."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend too.
COLOURS = ("#1f5f99", "#b34700", "#2e7d32", "#6a1b9a", "#555555")
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 260, 48, 40, 16


def _n(value: float) -> str:
    """A coordinate as SVG text, one decimal."""
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def _frame(title: str, body: SafeString, height: int = HEIGHT) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">'
        "<title>{t}</title>{body}</svg>",
        w=WIDTH,
        h=height,
        t=title,
        body=body,
    )


def _axis(top: float, height: int) -> SafeString:
    plot = height - BOTTOM - TOP
    lines = []
    for i in range(5):
        value = top * i / 4
        y = TOP + plot - plot * i / 4
        lines.append((LEFT, _n(y), WIDTH - 8, _n(y), LEFT - 6, _n(y + 4), f"{value:g}"))
    return format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dddddd"/>'
        '<text x="{}" y="{}" text-anchor="end" fill="#333333">{}</text>',
        lines,
    )


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[float | None]]]) -> SafeString:
    """Grouped vertical bars: one group per label, one bar per series, with a legend."""
    values = [v or 0 for _, vs in series for v in vs]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    bars, ticks = [], []
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        x0 = LEFT + i * group_w + group_w * 0.1
        for s, (_, vs) in enumerate(series):
            value = vs[i] or 0
            h = plot_h * value / top
            bars.append(
                (_n(x0 + s * bar_w), _n(TOP + plot_h - h), _n(bar_w), _n(h), COLOURS[s % len(COLOURS)])
            )
        if i % every == 0:
            ticks.append((_n(LEFT + i * group_w + group_w / 2), HEIGHT - BOTTOM + 14, label))
    body = _axis(top, HEIGHT)
    body += format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', bars)
    body += format_html_join("", '<text x="{}" y="{}" text-anchor="middle" fill="#333333">{}</text>', ticks)
    body += _legend([name for name, _ in series], HEIGHT - 8)
    return _frame(title, body)


def hbar_chart(title: str, rows: list[tuple[str, float | None]], unit: str = "") -> SafeString:
    """Horizontal bars, one per row, the value written beside each."""
    row_h = 22
    height = TOP + row_h * max(len(rows), 1) + 8
    label_w = 220
    top = _nice_max(max((v or 0 for _, v in rows), default=0))
    usable = WIDTH - label_w - 70
    parts = []
    for i, (label, value) in enumerate(rows):
        y = TOP + i * row_h
        w = usable * (value or 0) / top
        text = "–" if value is None else f"{value:g}{unit}"
        parts.append(
            (label_w - 6, y + 14, label, label_w, y + 3, _n(w), COLOURS[0], _n(label_w + w + 4), y + 14, text)
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" fill="#333333">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>'
        '<text x="{}" y="{}" fill="#333333">{}</text>',
        parts,
    )
    return _frame(title, body, height)


def _legend(names: list[str], y: int) -> SafeString:
    items = []
    x = LEFT
    for i, name in enumerate(names):
        items.append((x, y - 9, COLOURS[i % len(COLOURS)], x + 14, y, name))
        x += 24 + 7 * len(name)
    return (
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
            '<text x="{}" y="{}" fill="#333333">{}</text>',
            items,
        )
        if items
        else mark_safe("")
    )
