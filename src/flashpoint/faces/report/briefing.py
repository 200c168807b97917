"""The report's key judgements: what a reader should take away, in sentences, from the analysis
gathered for it (the busiest pair, when it escalated and how far, when force was first used,
where it stands at the end of the period, who else took part)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from flashpoint.analysis import dyad_label, label
from flashpoint.analysis.names import actor_label
from flashpoint.faces.report.charts import long_date, plural

if TYPE_CHECKING:
    from flashpoint.analysis import Alert, Timeline
    from flashpoint.faces.report.page import ReportData

FORCE_WORDS = {"18": "assault", "19": "military force", "20": "mass violence"}


def judgements(data: ReportData) -> list[str]:
    """Four or five sentences (HTML, values escaped), most important first."""
    if not data.timelines or not data.dyads:
        if not data.counts.events:
            return ["The store has no coded events yet: ingest some reports first."]
        return ["The store has no dated events between two countries yet: ingest more reports."]
    series = data.timelines[0]
    pair = dyad_label(series.a, series.b)
    alerts = [alert for alert in data.alerts if {alert.a, alert.b} == {series.a, series.b}]
    lines = [_escalation(series, pair, alerts), _force(series, alerts), _latest(series, pair), _others(data)]
    lines.append(f"Read from {plural(data.counts.coded, 'news report')} ({plural(data.counts.events, 'coded event')}, "
                 f"{plural(data.counts.merged, 'real-world event')} once reports of the same event are merged); every "
                 f"event below shows the sentence it was read from.")
    return [line for line in lines if line]


def _escalation(series: Timeline, pair: str, alerts: list[Alert]) -> str:
    peak = series.peak()
    if not alerts:
        return f"<b>{escape(pair)}</b> is the busiest pair ({plural(series.totals.events, 'event')}); it raised no alert."
    days = sorted({alert.date for alert in alerts})
    text = (f"<b>{escape(pair)} escalated on {plural(len(days), 'day')}</b> between {long_date(days[0])} and "
            f"{long_date(days[-1])}")
    busiest = sorted((b for b in series.buckets if b.score > 0), key=lambda b: (-b.score, b.start))[:2]
    if peak is not None and busiest:
        top = next((alert.events[0] for alert in alerts if alert.date == peak.start and alert.events), None)
        what = f": {escape(_event_words(top))}" if top else ""
        text += f"; the most conflictual day was <b>{long_date(peak.start)}</b> (conflict score {peak.score:.0f}){what}"
        if len(busiest) > 1:
            second = busiest[1]
            top = next((alert.events[0] for alert in alerts if alert.date == second.start and alert.events), None)
            what = f": {escape(_event_words(top))}" if top else ""
            text += f", then <b>{long_date(second.start)}</b> ({second.score:.0f}){what}"
    return text + "."


def _force(series: Timeline, alerts: list[Alert]) -> str:
    pair = f"{label(series.a)} and {label(series.b)}"
    for alert in sorted(alerts, key=lambda alert: alert.date):
        if "new_force_root" in alert.kinds or "first_material_conflict" in alert.kinds:
            kind = "force" if "new_force_root" in alert.kinds else "material conflict"
            top = alert.events[0] if alert.events else None
            return (f"The first {kind} between {escape(pair)} on record came on <b>{long_date(alert.date)}</b>"
                    + (f" ({escape(_event_words(top))})" if top else "") + ".")
    return ""


def _latest(series: Timeline, pair: str) -> str:
    busy = [bucket for bucket in series.buckets if bucket.totals.events]
    if len(busy) < 2:
        return ""
    last = busy[-3:]
    cooperation = sum(b.totals.quad[1] + b.totals.quad[2] for b in last)
    conflict = sum(b.totals.quad[3] + b.totals.quad[4] for b in last)
    mood = ("mostly cooperation" if cooperation > conflict else "mostly conflict" if conflict > cooperation
            else "as much cooperation as conflict")
    return (f"At the end of the period ({long_date(last[0].start)} to {long_date(last[-1].end)}), {escape(pair)} shows "
            f"<b>{mood}</b>: {plural(cooperation, 'cooperative event')}, {plural(conflict, 'conflictual event')}.")


def _others(data: ReportData) -> str:
    series = data.timelines[0]
    sides = {series.a, series.b}
    third: dict[str, list] = {}
    for edge in data.network.edges:
        for one, other in ((edge.source, edge.target), (edge.target, edge.source)):
            if one not in sides and other in sides:
                third.setdefault(one, []).append(edge)
    if not third:
        return ""
    actor, edges = max(third.items(), key=lambda item: (sum(e.events for e in item[1]), item[0]))
    cooperation = sum(e.cooperation for e in edges)
    conflict = sum(e.conflict for e in edges)
    with_whom = " and ".join(sorted({label(e.target if e.source == actor else e.source) for e in edges}))
    total = sum(e.events for e in edges)
    kinds = ("all cooperative" if not conflict else "all conflictual" if not cooperation else
             f"{cooperation:,} cooperative and {conflict:,} conflictual")
    return (f"The most active third party is <b>{escape(actor_label(actor))}</b>: "
            f"{plural(total, 'event')} with {escape(with_whom)}, {kinds}.")


def _event_words(event) -> str:
    who = actor_label(event.source) if event.source else "someone"
    whom = f" → {actor_label(event.target)}" if event.target else ""
    return f"{who}{whom}, {event.cameo_name.lower()}, {plural(event.num_sources, 'outlet')}"
