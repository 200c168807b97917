"""Concurrent writers: several ``ingest`` processes on one store must leave what one serial run
leaves. Shared by tests/test_concurrency.py (a fake coder, so many processes stay cheap) and
bench/reliability.py (the real coder through ``flashpoint ingest``).

Run as a script, this is one writer: ``python concurrency.py DB INPUTS.jsonl GO SEED`` waits for
the file GO (so every writer starts at once), then ingests the JSON Lines records of INPUTS with
:class:`FakePipeline` in batches of two.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

TEXT = "{head}. {lines}"
CLAUSE = re.compile(r"\b([A-Z]{3}) (\d{3}) ([A-Z]{3}) (\d{4}-\d{2}-\d{2})")
COUNTRIES = ("IND", "PAK", "USA", "CHN", "AFG")
CODES = ("190", "111", "042", "173", "036")


def corpus(seed: int, documents: int = 24) -> list[dict]:
    """Records with every kind of row a concurrent run can fight over: ids shared by different
    texts (two report.txt), texts repeated under other outlets, texts whose events would share
    ids under a shared document id, and a failure."""
    rng = random.Random(seed)
    records = []
    for number in range(documents):
        # "d3" and "d3" again with another text: the same document id, as two report.txt
        doc_id = f"d{number // 2}" if number % 3 else f"doc{number}"
        lines = []
        for _ in range(rng.randint(1, 3)):
            a, b = rng.sample(COUNTRIES, 2)
            lines.append(f"{a} {rng.choice(CODES)} {b} 2025-05-{rng.randint(1, 9):02d}")
        # the same first line under one id: without unique ids their events collide
        head = "Wire" if number % 2 else f"Report {number}"
        records.append({"id": doc_id, "text": TEXT.format(head=head, lines=". ".join(lines)),
                        "outlet": f"Outlet {rng.randint(1, 4)}", "published": "2025-05-10"})
    records.append({"id": "broken", "text": 42})
    records.append(dict(records[1], outlet="Outlet 9"))  # the same text from another outlet
    return records


def share(records: list[dict], writers: int, seed: int) -> list[list[dict]]:
    """Each writer's inputs: a disjoint part each, plus an overlapping part every writer reads
    (in its own order), so writers both race for the same texts and store different ones."""
    rng = random.Random(seed * 7919 + writers)
    shuffled = records[:]
    rng.shuffle(shuffled)
    overlap, rest = shuffled[: len(shuffled) // 3], shuffled[len(shuffled) // 3:]
    parts = [rest[i::writers] for i in range(writers)]
    for part in parts:
        part.extend(rng.sample(overlap, len(overlap)))
        rng.shuffle(part)
    return parts


class FakePipeline:
    """Codes ``SRC CODE TGT YYYY-MM-DD`` clauses of a text into events, with a little random
    delay per batch so that writers interleave."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def code(self, documents, batch_size=None):
        from flashpoint.records import CodedDocument

        time.sleep(self.rng.uniform(0, 0.03))
        for document in documents:
            yield CodedDocument(document, list(self.events(document)))

    @staticmethod
    def events(document):
        from factories import actor, event, evidence

        for match in CLAUSE.finditer(document.text):
            a, code, b, day = match.groups()
            start = match.start()
            yield event(document.doc_id, actor(a, start), code, actor(b, match.start(3)), day=day,
                        evidence=evidence(match.group(), code, start=start))


def canonical(db: Path) -> dict:
    """What a store holds, without what legitimately depends on the order texts arrived in:
    which of two texts sharing an id keeps the plain id (the other gets ``~hash``), which of the
    records carrying one text under different ids names its document (the others become its
    carriers: the id is left out, the outlets of all of them kept), and the event and merged
    ids that derive from these. Documents by content hash, events by their document's hash and
    record, merged events by their mentions; each document's ``n_events`` is checked against the
    events stored."""
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute("SELECT id, content_hash, doc_id, status, n_events, reason FROM documents").fetchall()
        outlets: dict[int, set[str]] = {}
        for doc, key in conn.execute("SELECT id, outlet_key FROM documents UNION ALL "
                                     "SELECT doc, outlet_key FROM carriers"):
            outlets.setdefault(doc, set()).add(key)
        hashes = {row[0]: row[1] for row in docs}
        coded_ids = [row[2] for row in docs if row[3] == "coded"]
        assert len(coded_ids) == len(set(coded_ids)), "two coded documents share an id"
        counts: dict[int, int] = {}
        events: dict[str, tuple] = {}
        for event_id, doc, record in conn.execute("SELECT event_id, doc, record FROM events"):
            counts[doc] = counts.get(doc, 0) + 1
            data = json.loads(record)
            data.pop("event_id"), data.pop("doc_id")
            events[event_id] = (hashes[doc], json.dumps(data, sort_keys=True))
        for row in docs:
            assert row[4] == counts.get(row[0], 0), f"document {row[2]} claims {row[4]} events, holds {counts.get(row[0], 0)}"
        members: dict[str, list] = {}
        for event_id, merged_id in conn.execute("SELECT event_id, merged_id FROM merged_mentions"):
            members.setdefault(merged_id, []).append(events[event_id])
        merged = sorted(
            (sorted(members[row[0]]), *row[1:]) for row in conn.execute(
                "SELECT merged_id, num_mentions, num_sources, num_articles, date_first, date_last, day "
                "FROM merged_events"))
        return {
            "documents": sorted((row[1], None if len(outlets[row[0]]) > 1 else _base_id(row[2], row[1]), row[3],
                                 row[4], row[5], sorted(outlets[row[0]])) for row in docs),
            "events": sorted(events.values()),
            "merged": merged,
            "dirty": conn.execute("SELECT count(*) FROM merge_dirty").fetchone()[0],
        }
    finally:
        conn.close()


def _base_id(doc_id: str | None, digest: str) -> str | None:
    if doc_id is None:
        return None
    for suffix in (f"~{digest[:12]}", f"~{digest}"):
        if doc_id.endswith(suffix):
            return doc_id[: -len(suffix)]
    return doc_id


def write_inputs(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def main(db: str, inputs: str, go: str, seed: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from flashpoint.ingest import read_sources
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    deadline = time.monotonic() + 60
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    with Store(db) as store:
        ingest(store, read_sources([inputs]), pipeline=FakePipeline(int(seed)), batch_size=2)


if __name__ == "__main__":
    main(*sys.argv[1:5])
