"""The report as one self-contained HTML page, written for a reader who is not a programmer:
what happened, where it escalated, the evidence for each event, and how to read the numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from flashpoint.analysis import (
    Alert,
    DyadSummary,
    EscalationParams,
    EventSummary,
    Network,
    Timeline,
    dyad_label,
    label,
)
from flashpoint.analysis.names import actor_label
from flashpoint.faces.report.assets import CSP, CSS, JS
from flashpoint.faces.report.briefing import judgements
from flashpoint.faces.report.charts import legend_html, long_date, network_svg, plural, timeline_svg
from flashpoint.faces.report.worldmap import MapPlace, map_svg
from flashpoint.ingest.links import safe_link
from flashpoint.store import StoreCounts

KIND_WORDS = {
    "escalation": ("Escalation", ""),
    "first_material_conflict": ("First material conflict", "first"),
    "new_force_root": ("First use of force", "force"),
}


@dataclass(slots=True)
class ReportData:
    """Everything the page shows, gathered from the analysis API beforehand."""

    title: str
    store_name: str
    counts: StoreCounts
    dyads: list[DyadSummary]
    timelines: list[Timeline]
    alerts: list[Alert]
    top_events: list[EventSummary]
    network: Network
    params: EscalationParams
    generated: dt.datetime
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    notes: list[str] = field(default_factory=list)
    places: list[MapPlace] = field(default_factory=list)  # where the real-world events happened


def render(data: ReportData) -> str:
    sections = [_summary(data), _map(data), _alerts(data), _timelines(data), _events(data), _network(data),
                _method(data)]
    nav = "".join(f'<a href="#{anchor}">{name}</a>' for anchor, name in (
        ("summary", "Key judgements"), ("where", "Where"), ("alerts", "Alerts"), ("timelines", "Timelines"),
        ("events", "Top events"), ("network", "Network"), ("method", "How to read this")))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(data.title)}</title><style>{CSS}</style></head><body>'
            f'<header class="top"><h1>{escape(data.title)}</h1><p>{escape(_subtitle(data))}</p></header>'
            f'<nav aria-label="sections">{nav}</nav><main>{"".join(sections)}</main>'
            f'<footer>Made by Flashpoint from {escape(data.store_name)} on '
            f'{data.generated.strftime("%d %B %Y, %H:%M UTC")}. Events are coded automatically: check the '
            f'evidence sentence before relying on one.</footer><script>{JS}</script></body></html>\n')


def _subtitle(data: ReportData) -> str:
    first, last = data.period
    when = f"{long_date(first)} to {long_date(last)}" if first and last else "no dated events yet"
    return f"Political events coded from {plural(data.counts.coded, 'news report')} · {when}"


def _summary(data: ReportData) -> str:
    counts = data.counts
    cards = [(counts.coded, "news reports read", "news report read"),
             (counts.events, "events coded from them", "event coded from them"),
             (counts.merged, "real-world events, once reports of one event are merged",
              "real-world event, once reports of one event are merged"),
             (len(data.dyads), "pairs of countries", "pair of countries"),
             (len(data.alerts), "escalation alerts", "escalation alert")]
    card_html = "".join(f'<div class="card"><div class="n">{n:,}</div><div class="t">{escape(one if n == 1 else many)}'
                        f'</div></div>' for n, many, one in cards)
    lines = [f"<li>{line}</li>" for line in judgements(data)] + [f"<li>{escape(note)}</li>" for note in data.notes]
    return (f'<section id="summary"><h2>Key judgements</h2>'
            f'<ul class="findings">{"".join(lines)}</ul><div class="cards">{card_html}</div></section>')


def _map(data: ReportData) -> str:
    located = sum(place.events for place in data.places)
    lead = (f"Where the real-world events of the period happened: {plural(len(data.places), 'place')} of "
            f"{plural(located, 'located event')}. A circle's area is its number of events; red: mostly conflict, "
            "green (dashed): mostly cooperation. A report's dateline says where it was filed, not where its event "
            "happened, so datelines are not drawn.")
    body = map_svg(data.places, "map of event locations") if data.places else '<p class="muted">No located events.</p>'
    return f'<section id="where"><h2>Where</h2><p class="lead">{lead}</p>{body}</section>'


def _alerts(data: ReportData) -> str:
    if not data.alerts:
        body = '<p class="muted">No alerts: no pair of countries escalated by the rules below.</p>'
    else:
        body = "".join(_alert_card(alert) for alert in data.alerts)
    return (f'<section id="alerts"><h2>Alerts</h2><p class="lead">Days on which a pair of countries escalated: '
            f'its conflict score jumped above its usual level, or it came to material conflict or to the use of '
            f'force for the first time. Each alert lists the events that caused it, with the sentence they were '
            f'read from.</p>{body}</section>')


def _alert_card(alert: Alert) -> str:
    badges = "".join(f'<span class="badge {KIND_WORDS[k][1]}">{KIND_WORDS[k][0]}</span>' for k in alert.kinds)
    reasons = "".join(f"<li>{escape(reason)}</li>" for reason in alert.reasons)
    return (f'<div class="alert"><h3>{long_date(alert.date)} · {escape(dyad_label(alert.a, alert.b))}</h3>{badges}'
            f'<ul class="reasons">{reasons}</ul>{_event_table(alert.events, show_date=False)}</div>')


def _event_table(events: list[EventSummary], show_date: bool = True, table_id: str | None = None) -> str:
    if not events:
        return '<p class="muted">No events.</p>'
    head = (('<th scope="col">Date</th>' if show_date else "") + '<th scope="col">Who → whom</th>'
            '<th scope="col">What (CAMEO)</th><th scope="col" class=num>Reports</th>'
            '<th scope="col">Evidence (the words that triggered it are marked)</th>')
    rows = []
    for event in events:
        date = (f'<td class="when" data-label="Date">{long_date(event.date) if event.date else "undated"}</td>'
                if show_date else "")
        who = escape(actor_label(event.source)) if event.source else '<span class="muted">unknown</span>'
        whom = escape(actor_label(event.target)) if event.target else '<span class="muted">no target</span>'
        rows.append(f'<tr>{date}<td data-label="Who → whom">{who} → {whom}</td>'
                    f'<td class="q{event.quad_class}" data-label="What">{_kind_mark(event.quad_class)}'
                    f'{escape(event.cameo_name)} <span class="muted">({event.cameo}, '
                    f"Goldstein {event.goldstein:+g})</span></td>"
                    f'<td class="num" data-label="Reports">{event.num_articles}</td>'
                    f'<td data-label="Evidence"><span class="evidence">{_highlight(event)}</span>'
                    f'<div class="src">{_source(event)}</div></td></tr>')
    ident = f' id="{table_id}"' if table_id else ""
    return f'<table class="events"{ident}><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


#: Quad classes in words as well as colour (a reader of a grey print, or colour-blind, sees them).
KIND_MARKS = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}


def _kind_mark(quad: int) -> str:
    return f'<span class="kind k{quad}">{KIND_MARKS.get(quad, "")}</span> ' if quad in KIND_MARKS else ""


def _source(event: EventSummary) -> str:
    """Who reported it: the outlet (a link to the article when its URL is a web address), and how
    many other outlets did."""
    name = event.outlet or event.title or event.doc_id
    link = safe_link(event.url)
    shown = f'<a href="{escape(link)}" rel="noopener noreferrer">{escape(name)}</a>' if link else escape(name)
    others = event.num_sources - 1
    return f"reported by {shown}" + (f" and {plural(others, 'other outlet')}" if others > 0 else "")


def _highlight(event: EventSummary) -> str:
    sentence, start, end = event.sentence, event.trigger_start, event.trigger_end
    if 0 <= start < end <= len(sentence):
        return f"{escape(sentence[:start])}<mark>{escape(sentence[start:end])}</mark>{escape(sentence[end:])}"
    return escape(sentence)


def _timelines(data: ReportData) -> str:
    if not data.timelines:
        return ('<section id="timelines"><h2>Timelines</h2><p class="muted">No pair of countries has dated '
                'events yet.</p></section>')
    parts = ['<section id="timelines"><h2>Timelines</h2><p class="lead">The busiest pairs of countries, both '
             'directions together. Upper chart: how many events each day, by kind. Lower chart: how conflictual '
             'the day was (the conflict score) against the usual level of the week before. Point at a bar for '
             'its numbers.</p>']
    for series in data.timelines:
        totals = series.totals
        directions = ", ".join(
            f"{escape(label(key.partition('>')[0]))} → {escape(label(key.partition('>')[2]))}: {counts}"
            for key, counts in _direction_totals(series).items())
        parts.append(f"<h3>{escape(dyad_label(series.a, series.b))}</h3><p class='muted'>"
                     f"{plural(totals.events, 'event')} in {plural(totals.mentions, 'report')} ({directions}); "
                     f"{plural(len(series.alerts), 'alert')}.</p>")
        parts.append(legend_html())
        parts.append(timeline_svg(series))
        parts.append(_day_table(series))
    parts.append("</section>")
    return "".join(parts)


def _direction_totals(series: Timeline) -> dict[str, int]:
    totals: dict[str, int] = {}
    for bucket in series.buckets:
        for key, counts in bucket.directions.items():
            totals[key] = totals.get(key, 0) + counts.events
    return totals


def _day_table(series: Timeline) -> str:
    rows = []
    for bucket in series.buckets:
        if not bucket.totals.events:
            continue
        quad = bucket.totals.quad
        mean = bucket.totals.goldstein_mean
        rows.append(f"<tr><td class='when'>{long_date(bucket.start)}</td><td class=num>{bucket.totals.events}</td>"
                    f"<td class=num>{bucket.totals.mentions}</td><td class=num>{quad[1]}</td>"
                    f"<td class=num>{quad[2]}</td>"
                    f"<td class=num>{quad[3]}</td><td class=num>{quad[4]}</td>"
                    f"<td class=num>{bucket.totals.goldstein_sum:+.1f}</td>"
                    f"<td class=num>{'' if mean is None else f'{mean:+.1f}'}</td><td class=num>{bucket.score:.1f}</td>"
                    f"<td class=num>{bucket.baseline:.1f}</td><td>{'▲ alert' if bucket.alert else ''}</td></tr>")
    return ("<details><summary>The numbers, day by day</summary><div class=scroll tabindex=0 role=region "
            "aria-label='the numbers, day by day'><table><thead><tr><th>Date</th>"
            "<th class=num>Events</th><th class=num>Reports</th><th class=num>Verbal coop.</th>"
            "<th class=num>Material coop.</th><th class=num>Verbal conflict</th><th class=num>Material conflict</th>"
            "<th class=num>Goldstein sum</th><th class=num>Goldstein mean</th><th class=num>Conflict score</th>"
            f"<th class=num>Usual level</th><th>Alert</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            "</details>")


def _events(data: ReportData) -> str:
    return ('<section id="events"><h2>Top events</h2><p class="lead">The real-world events reported most often, '
            'each with the sentence of one report that describes it. Type to filter.</p>'
            '<div class="filter"><input type="search" placeholder="Filter: a country, a date, a word…" '
            'data-filter="top-events" aria-label="filter the events"></div>'
            f'{_event_table(data.top_events, table_id="top-events")}</section>')


def _network(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td>{escape(label(edge.source))} → {escape(label(edge.target))}</td><td class=num>{edge.events}</td>"
        f"<td class=num>{edge.cooperation}</td><td class=num>{edge.conflict}</td>"
        f"<td class=num>{edge.goldstein_mean:+.1f}</td><td class=num>{edge.mentions}</td></tr>"
        for edge in data.network.edges)
    table = ("<div class=scroll tabindex=0 role=region aria-label='who acts on whom, in numbers'><table><thead><tr>"
             "<th>Who acts on whom</th><th class=num>Events</th><th class=num>Cooperative</th>"
             "<th class=num>Conflictual</th><th class=num>Mean Goldstein</th><th class=num>Reports</th></tr></thead>"
             f"<tbody>{rows}</tbody></table></div>") if rows else ""
    return ('<section id="network"><h2>Who acts on whom</h2><p class="lead">Each arrow is one direction between two '
            'actors; thicker means more events. Red: mostly conflict; green: mostly cooperation; grey: mixed.</p>'
            f"{network_svg(data.network)}{table}</section>")


def _method(data: ReportData) -> str:
    p = data.params
    return f"""<section id="method"><h2>How to read this</h2>
<dl class="glossary">
<dt>Event</dt><dd>Who did what to whom, read from one sentence of a news report and coded in CAMEO, a standard
list of about 300 kinds of political action (from "make a statement" to "use military force").</dd>
<dt>Real-world event and reports</dt><dd>Several reports of the same action (same actors, same kind of action,
the same day when the reports give it, same place) are merged into one real-world event, dated by the day
most of its reports give. Counts in this report are of
real-world events; "reports" says how many reports stood behind them.</dd>
<dt>Kinds of events</dt><dd>Verbal cooperation (statements, appeals, talks), material cooperation (agreements
carried out, aid, a ceasefire), verbal conflict (accusations, threats, rejections) and material conflict
(sanctions, expulsions, blockades, force).</dd>
<dt>Goldstein score</dt><dd>How cooperative (+10) or hostile (−10) a kind of action is, from the Goldstein scale.</dd>
<dt>Conflict score</dt><dd>For each day and pair of countries: the hostility of its conflictual events (their
Goldstein scores, counted positive), with the use of force (CAMEO 18–20 but for blockades and occupation)
counted {p.force_weight:g} times, because the Goldstein scale puts a trade ban (−8) almost level with an air strike
(−10); minus {p.cooperation_weight:g} times the score of its cooperative events, so a ceasefire eases the score
without erasing the strikes. Each event counts more the more outlets reported it (1 plus the natural log of their
number), so the day the whole press covers outweighs a skirmish one outlet mentions.</dd>
<dt>Usual level and alerts</dt><dd>The usual level is the mean conflict score of the previous {p.window} days.
An escalation alert is raised when the day's score is at least {p.min_rise:g} above the usual level and at least
{p.min_ratio:g} times it. Alerts are also raised on the first day a pair comes to material conflict, and the
first day it comes to each kind of force (assault, military force, mass violence).</dd>
</dl>
<p class="muted">Coding is automatic and makes mistakes: an actor may be missed, a report's background may be
taken for news, a name may be read as the wrong actor. Every event above shows the sentence it comes from, so it
can be checked.</p></section>"""
