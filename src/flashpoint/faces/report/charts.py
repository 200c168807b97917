"""Charts as inline SVG: a dyad's timeline and the actor network. No library, no script: the
hover text is SVG's own ``<title>``, so the charts work in any browser, offline, and in print."""

from __future__ import annotations

import math
from html import escape

from flashpoint.analysis import Bucket, Network, Timeline, dyad_label, label

COLORS = {1: "#8cc9a0", 2: "#2f7d4f", 3: "#e8964a", 4: "#b8322a"}
QUAD_WORDS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
WIDTH, LEFT, RIGHT = 960, 56, 18


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 report", "2 reports", "1,204 events"."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def short_date(day) -> str:
    return f"{day.day} {day.strftime('%b')}"


def long_date(day) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _bucket_name(bucket: Bucket, interval: str) -> str:
    if interval == "week":
        return f"week of {long_date(bucket.start)}"
    return long_date(bucket.start)


def _tooltip(bucket: Bucket, timeline: Timeline) -> str:
    totals = bucket.totals
    lines = [f"{_bucket_name(bucket, timeline.interval)}: {plural(totals.events, 'event')} in "
             f"{plural(totals.mentions, 'report')}"]
    lines += [f"  {QUAD_WORDS[q]}: {totals.quad.get(q, 0)}" for q in (4, 3, 2, 1) if totals.quad.get(q, 0)]
    for key, counts in bucket.directions.items():
        if counts.events:
            source, _, target = key.partition(">")
            lines.append(f"  {label(source)} → {label(target)}: {counts.events}")
    lines.append(f"conflict score {bucket.score:.1f} (usual level {bucket.baseline:.1f})")
    if bucket.alert:
        lines.append("ALERT: escalation")
    return "\n".join(lines)


def timeline_svg(timeline: Timeline) -> str:
    """Two panels on one time axis: what happened (events by kind, cooperation up, conflict
    down) and how intense it was (conflict score against its trailing baseline, alerts marked)."""
    buckets = timeline.buckets
    if not buckets:
        return '<p class="muted">No dated events for this pair.</p>'
    top_h, gap, low_h, axis_h = 150, 34, 120, 30
    height = 14 + top_h + gap + low_h + axis_h
    inner = WIDTH - LEFT - RIGHT
    step = inner / len(buckets)
    bar = max(1.0, min(step * 0.78, 28.0))
    up_max = max((b.totals.quad[1] + b.totals.quad[2] for b in buckets), default=0)
    down_max = max((b.totals.quad[3] + b.totals.quad[4] for b in buckets), default=0)
    scale_max = max(up_max + down_max, 1)
    zero = 14 + top_h * (up_max / scale_max if up_max + down_max else 0.5)
    unit = top_h / scale_max
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(dyad_label(timeline.a, timeline.b))} timeline" xmlns="http://www.w3.org/2000/svg">',
             '<style>text{font:12px sans-serif;fill:#5b6775}.t{font-weight:600;fill:#1d2733}</style>',
             f'<text class="t" x="{LEFT}" y="10">Events per {timeline.interval} '
             f'(cooperation above the line, conflict below)</text>',
             f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#8a96a3"/>',
             f'<text x="{LEFT - 6}" y="{14 + 10}" text-anchor="end">{up_max}</text>' if up_max else "",
             f'<text x="{LEFT - 6}" y="{14 + top_h}" text-anchor="end">{down_max}</text>' if down_max else ""]
    for index, bucket in enumerate(buckets):
        x = LEFT + index * step + (step - bar) / 2
        tip = escape(_tooltip(bucket, timeline))
        parts.append(f"<g><title>{tip}</title>")
        parts.append(_rect(LEFT + index * step, 14, step, top_h, "transparent"))
        y = zero
        for quad in (1, 2):  # cooperation stacks upwards
            n = bucket.totals.quad.get(quad, 0)
            if n:
                y -= n * unit
                parts.append(_rect(x, y, bar, n * unit, COLORS[quad]))
        y = zero
        for quad in (3, 4):  # conflict stacks downwards
            n = bucket.totals.quad.get(quad, 0)
            if n:
                parts.append(_rect(x, y, bar, n * unit, COLORS[quad]))
                y += n * unit
        parts.append("</g>")
    parts.append(_score_panel(timeline, 14 + top_h + gap, low_h, step, bar))
    parts.append(_date_axis(buckets, 14 + top_h + gap + low_h, step))
    parts.append("</svg>")
    return "".join(parts)


def _rect(x: float, y: float, width: float, height: float, color: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{color}"/>'


def _score_panel(timeline: Timeline, top: float, height: float, step: float, bar: float) -> str:
    buckets = timeline.buckets
    high = max([b.score for b in buckets] + [b.baseline for b in buckets] + [1.0])
    low = min([b.score for b in buckets] + [0.0])
    span = high - low
    y_of = lambda value: top + 20 + (high - value) / span * (height - 20)  # noqa: E731 - room for ▲ above
    zero = y_of(0.0)
    parts = [f'<text class="t" x="{LEFT}" y="{top - 6}">Conflict score (bars) against the usual level '
             f'of the previous {timeline.params.window if timeline.interval == "day" else timeline.params.week_window} '
             f'{timeline.interval}s (dashed); ▲ alert</text>',
             f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#8a96a3"/>',
             f'<text x="{LEFT - 6}" y="{zero + 4:.1f}" text-anchor="end">0</text>']
    if y_of(high) < zero - 12:  # label the top unless it would sit on the zero label
        parts.append(f'<text x="{LEFT - 6}" y="{y_of(high) + 4:.1f}" text-anchor="end">{high:.0f}</text>')
    if low < 0 and y_of(low) > zero + 12:
        parts.append(f'<text x="{LEFT - 6}" y="{y_of(low) + 4:.1f}" text-anchor="end">{low:.0f}</text>')
    points = []
    for index, bucket in enumerate(buckets):
        x = LEFT + index * step + (step - bar) / 2
        y = y_of(bucket.score)
        color = COLORS[4] if bucket.score >= 0 else COLORS[2]
        tip = escape(_tooltip(bucket, timeline))
        parts.append(f'<g><title>{tip}</title><rect x="{x:.1f}" y="{min(y, zero):.1f}" width="{bar:.1f}" '
                     f'height="{abs(zero - y):.1f}" fill="{color}" opacity="0.85"/>')
        if bucket.alert:
            cx, cy = x + bar / 2, min(y, zero) - 9
            parts.append(f'<path d="M{cx - 6:.1f} {cy + 5:.1f} L{cx + 6:.1f} {cy + 5:.1f} L{cx:.1f} {cy - 6:.1f} Z" '
                         f'fill="#d9480f"/>')
        parts.append("</g>")
        points.append(f"{LEFT + index * step + step / 2:.1f},{y_of(bucket.baseline):.1f}")
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1d2733" stroke-width="1.5" '
                 f'stroke-dasharray="5 4"/>')
    return "".join(parts)


def _date_axis(buckets: list[Bucket], top: float, step: float) -> str:
    every = max(1, math.ceil(len(buckets) / 12))
    parts = []
    for index, bucket in enumerate(buckets):
        if index % every:
            continue
        x = LEFT + index * step + step / 2
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + 4}" stroke="#8a96a3"/>'
                     f'<text x="{x:.1f}" y="{top + 17}" text-anchor="middle">{short_date(bucket.start)}</text>')
    return "".join(parts)


def legend_html() -> str:
    items = "".join(f'<span class="sw" style="background:{COLORS[q]}"></span>{QUAD_WORDS[q]}' for q in (1, 2, 3, 4))
    return f'<div class="legend">{items}<span class="sw" style="background:#d9480f"></span>alert</div>'


def network_svg(network: Network) -> str:
    """Actors on a circle, the busiest first; an arrow per direction, its width the number of
    events, red when conflict outweighs cooperation, green when cooperation does."""
    if not network.edges:
        return '<p class="muted">No events between two known actors yet.</p>'
    nodes = network.nodes
    width, height, center_x, center_y = 800, 560, 400, 280  # room for names left and right
    radius = 0 if len(nodes) == 1 else 190
    busiest = max(node.events for node in nodes) or 1
    most = max(edge.events for edge in network.edges) or 1
    where, node_r = {}, {}
    for index, node in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * index / len(nodes)
        where[node.code] = (center_x + radius * math.cos(angle), center_y + radius * math.sin(angle))
        node_r[node.code] = 18 + 20 * math.sqrt(node.events / busiest)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" style="max-width:{width}px;margin:0 auto" role="img" '
             f'aria-label="actor network" xmlns="http://www.w3.org/2000/svg">',
             '<style>text{font:13px sans-serif;fill:#1d2733;paint-order:stroke;stroke:#fff;stroke-width:3px;'
             'stroke-linejoin:round}</style><defs>']
    for name, color in (("red", COLORS[4]), ("green", COLORS[2]), ("grey", "#8a96a3")):
        parts.append(f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" '
                     f'markerWidth="13" markerHeight="13" orient="auto-start-reverse">'
                     f'<path d="M0 0 L10 5 L0 10 z" fill="{color}"/></marker>')
    parts.append("</defs>")
    for edge in network.edges:
        parts.append(_edge_path(edge, where, node_r, most))
    for index, node in enumerate(nodes):
        x, y = where[node.code]
        r = node_r[node.code]
        tip = escape(f"{node.label}: {plural(node.events, 'event')} ({node.acts} as actor, {node.receives} as target)")
        parts.append(f'<g><title>{tip}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#e9eef4" '
                     f'stroke="#223040" stroke-width="1.5"/><text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
                     f'style="font-weight:600;font-size:{13 if len(node.code) <= 3 else 10}px">'
                     f'{escape(node.code)}</text>'
                     f'{_node_label(node.label, x, y, r, index, len(nodes))}</g>')
    parts.append("</svg>")
    return "".join(parts)


def _node_label(text: str, x: float, y: float, r: float, index: int, count: int) -> str:
    """The actor's name outside its circle, on the side facing away from the centre, so arrows
    arriving at the node do not run under it."""
    angle = -math.pi / 2 + 2 * math.pi * index / count if count > 1 else math.pi / 2
    cos, sin = math.cos(angle), math.sin(angle)
    lx, ly = x + cos * (r + 6), y + sin * (r + 6) + 4
    anchor = "middle" if abs(cos) < 0.3 else "start" if cos > 0 else "end"
    ly += -8 if sin < -0.3 else 10 if sin > 0.3 else 0
    return f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _edge_path(edge, where, node_r, most: int) -> str:
    (x1, y1), (x2, y2) = where[edge.source], where[edge.target]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # Bend each direction to its own side, so A->B and B->A are two arcs, not one line.
    bend = 0.18 * length
    mx, my = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    sx, sy = _toward(x1, y1, mx, my, node_r[edge.source] + 2)
    ex, ey = _toward(x2, y2, mx, my, node_r[edge.target] + 4)
    mean = edge.goldstein_mean
    name = "red" if mean < -1 else "green" if mean > 1 else "grey"
    color = {"red": COLORS[4], "green": COLORS[2], "grey": "#8a96a3"}[name]
    width = 1.5 + 6 * math.sqrt(edge.events / most)
    tip = escape(f"{label(edge.source)} → {label(edge.target)}: {plural(edge.events, 'event')} ({edge.cooperation} "
                 f"cooperative, {edge.conflict} conflictual), mean Goldstein {mean:+.1f}, "
                 f"{plural(edge.mentions, 'report')}")
    return (f'<g><title>{tip}</title><path d="M{sx:.1f} {sy:.1f} Q{mx:.1f} {my:.1f} {ex:.1f} {ey:.1f}" fill="none" '
            f'stroke="{color}" stroke-width="{width:.1f}" stroke-opacity="0.8" marker-end="url(#arrow-{name})"/></g>')


def _toward(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * distance, y + dy / length * distance
