"""The Dask runner: a distributed ingest stores the events a single-process ingest stores.

One local cluster of 2 workers serves the module (started once: each worker loads the pipeline,
which takes seconds); the CLI's --workers is run once on its own small cluster.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashpoint.distributed import RunOptions, Shard, load_dataset, read_dataset, run
from flashpoint.distributed.runner import _partitions
from flashpoint.faces.cli import cli
from flashpoint.formats.parquet import read_records as read_parquet_records
from flashpoint.ingest import read_sources
from flashpoint.records import Document, Failure
from flashpoint.runner import DocIds, IngestProgress, ingest, new_inputs
from flashpoint.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "data" / "sample" / "reports.jsonl"
BATCH = 4


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A dozen sample reports, plus the awkward cases: the same text under two ids, two texts
    under one id, and inputs that fail (empty text, a line that is not JSON)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:12]
    first = json.loads(lines[0])
    lines.append(json.dumps({**first, "id": "copy-of-first"}))  # same text: skipped as stored
    lines.append(json.dumps({"id": json.loads(lines[1])["id"], "text": "Pakistan closed its airspace to Indian "
                             "airlines on Thursday.", "published": "2025-04-24"}))  # same id, new text
    lines.append(json.dumps({"id": "empty", "text": "  "}))
    lines.append("{not json")
    path = tmp_path_factory.mktemp("distributed") / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def single(tmp_path_factory, corpus, pipeline) -> Path:
    """The reference: a single-process ingest with the same batch size."""
    path = tmp_path_factory.mktemp("single") / "single.db"
    with Store(path) as store:
        ingest(store, read_sources([str(corpus)]), pipeline=pipeline, batch_size=BATCH)
    return path


@pytest.fixture(scope="module")
def scheduler():
    """The address of a local cluster of 2 single-threaded worker processes, started as the
    runner starts its own (``--workers``)."""
    from flashpoint.distributed.runner import local_cluster

    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


def _malloc_setting() -> str | None:
    import os

    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_workers_keep_glibcs_adaptive_mmap_threshold(scheduler) -> None:
    """Dask's MALLOC_TRIM_THRESHOLD_ makes every large array of the parse a fresh mapping (1.5x
    the CPU time): the runner's workers start without it."""
    from distributed import Client

    with Client(scheduler) as client:
        answers = client.run(_malloc_setting)
    assert len(answers) == 2 and set(answers.values()) == {None}


def contents(path: Path) -> dict:
    """Everything a run leaves in a store that must not depend on how it ran."""
    with Store(path, create=False) as store:
        return {
            "records": list(store.records()),
            "documents": [(d.content_hash, d.doc_id, d.source, d.status, d.reason, d.n_events)
                          for d in store.documents()],
            "merged": [m.to_dict() for m in store.merged()],
        }


def test_distributed_store_equals_single_process(single, corpus, scheduler, tmp_path):
    path = tmp_path / "dask.db"
    with Store(path) as store:
        report = run(read_sources([str(corpus)]), RunOptions(scheduler=scheduler, batch_size=BATCH), store)
    expected = contents(single)
    assert expected["records"], "the corpus must yield events for the comparison to mean anything"
    assert contents(path) == expected
    assert report.partitions >= 4 and len(report.workers) == 2  # both workers coded partitions
    assert report.progress.failures == 2 and report.progress.skipped == 1


def test_rerun_codes_nothing_and_starts_no_cluster(single, corpus):
    with Store(single) as store:
        report = run(read_sources([str(corpus)]), RunOptions(workers=2, batch_size=BATCH), store)
    assert report.partitions == 0 and report.cluster == "nothing to code"
    assert report.progress.skipped == report.progress.seen


def test_cli_out_writes_a_parquet_dataset_of_the_same_events(single, corpus, scheduler, tmp_path):
    out = tmp_path / "dataset"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--scheduler", scheduler, "--out", str(out),
                                      "--batch-size", str(BATCH)])
    assert result.exit_code == 1, result.output  # two inputs failed: reported, exit status 1
    assert "Parquet dataset" in result.stdout and "'text' is empty" in result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    expected = contents(single)["records"]
    assert manifest["events"] == len(expected) and manifest["failures"] == 2
    assert read_parquet_records(out / "events") == expected  # any Parquet reader sees the events
    with Store(tmp_path / "loaded.db") as store:
        load_dataset(out, store)
    assert contents(tmp_path / "loaded.db")["records"] == expected


def test_out_without_a_cluster_codes_in_process(single, corpus, tmp_path):
    report = run(read_sources([str(corpus)]), RunOptions(out=tmp_path / "ds", batch_size=BATCH))
    assert report.cluster == "in-process"
    coded = [item for shard_coded, _ in read_dataset(tmp_path / "ds") for item in shard_coded]
    records = sorted((e.to_dict() for item in coded for e in item.events), key=lambda r: r["event_id"])
    assert records == sorted(contents(single)["records"], key=lambda r: r["event_id"])


def test_cli_workers_runs_a_local_cluster(tmp_path, single):
    path = tmp_path / "cli.db"
    reports = SAMPLE.read_text(encoding="utf-8").splitlines()[:4]
    (tmp_path / "four.jsonl").write_text("\n".join(reports) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "four.jsonl"), "--workers", "2", "--db", str(path),
                                      "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "local cluster of 2 workers; 2 partitions" in result.stdout
    ids = {json.loads(line)["id"] for line in reports}
    expected = [r for r in contents(single)["records"] if r["doc_id"] in ids]
    assert contents(path)["records"] == expected


def test_cli_refuses_conflicting_options(tmp_path):
    runner = CliRunner()
    both = runner.invoke(cli, ["ingest", str(SAMPLE), "--workers", "2", "--scheduler", "tcp://localhost:8786"])
    assert both.exit_code == 2 and "not both" in both.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    taken = runner.invoke(cli, ["ingest", str(SAMPLE), "--out", str(tmp_path / "full")])
    assert taken.exit_code == 2 and "new (or empty) folder" in taken.output


def test_partitions_follow_the_single_process_batch_rule():
    """Partitions are the batches a single process codes: `size` documents, or 4x that many
    failures, whichever comes first; ids made unique across partitions."""
    items = [Failure(f"bad{i}", "broken") for i in range(9)] + [
        Document(doc_id="same", text=f"Text {i}.", source="s") for i in range(5)]
    inputs = new_inputs(None, items, IngestProgress())
    partitions = list(_partitions(inputs, DocIds(), 2, ("asserted",), None))
    assert [(len(p.documents), len(p.failures)) for p in partitions] == [(0, 8), (2, 1), (2, 0), (1, 0)]
    ids = [d.doc_id for p in partitions for d in p.documents]
    assert len(set(ids)) == 5 and ids[0] == "same"


def test_shard_round_trip_is_exact(pipeline):
    document = Document(doc_id="d1", text="Pakistan closed its airspace to Indian airlines on Thursday.",
                        source="t", published=None)
    coded = list(pipeline.code([document]))
    shard = Shard.from_bytes(Shard.build(coded, [Failure("x", "why", "x")]).to_bytes())
    back, failures = shard.coded_and_failures()
    assert [e.to_dict() for e in back[0].events] == [e.to_dict() for e in coded[0].events]
    assert back[0].document.content_hash == document.content_hash and failures[0].reason == "why"
