"""Analysis over the store: dyad timelines, the escalation index and alerts, the actor network.

The Python API that the CLI (``flashpoint timeline|alerts|report``), the HTML report and the
HTTP API are faces over::

    from flashpoint.store import Store
    from flashpoint import analysis

    with Store("flashpoint.db") as store:
        series = analysis.timeline(store, "IND", "PAK", interval="day")
        for bucket in series.buckets:
            print(bucket.start, bucket.totals.events, bucket.score, bucket.escalation)
        for alert in analysis.alerts(store, since=None):
            print(alert.date, alert.dyad, alert.reasons, [e.cameo for e in alert.events])
        graph = analysis.network(store)

Every result is a plain dataclass with ``to_dict()`` (JSON-ready). Counts are of merged events
(each real-world event once) with the number of reports behind them; SQLite does the
aggregation, over the dates and daily sums that merging stores (docs/analysis.md, "Speed"). The
escalation formula is :class:`EscalationParams` (docs/analysis.md).

Importing the package registers :class:`~flashpoint.analysis.alerts.StoredAlerts` with the store
(:func:`flashpoint.store.alerts.keep_alerts`): from then on merging keeps every country dyad's
alerts up to date, so listing them is a lookup.
"""

from flashpoint.analysis.alerts import StoredAlerts, alerts, newest_alerts
from flashpoint.analysis.models import (
    Alert,
    Bucket,
    Counts,
    DyadSummary,
    Edge,
    EscalationParams,
    EventSummary,
    Network,
    Node,
    Timeline,
)
from flashpoint.analysis.names import dyad_label, label
from flashpoint.analysis.network import network
from flashpoint.analysis.overview import dyads, period, top_events
from flashpoint.analysis.series import INTERVALS, reports_per_bucket, timeline
from flashpoint.store.alerts import keep_alerts

keep_alerts(StoredAlerts())

__all__ = [
    "INTERVALS",
    "Alert",
    "Bucket",
    "Counts",
    "DyadSummary",
    "Edge",
    "EscalationParams",
    "EventSummary",
    "Network",
    "Node",
    "StoredAlerts",
    "Timeline",
    "alerts",
    "dyad_label",
    "dyads",
    "label",
    "network",
    "newest_alerts",
    "period",
    "reports_per_bucket",
    "timeline",
    "top_events",
]
