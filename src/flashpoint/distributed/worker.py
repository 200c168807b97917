"""What runs on a worker: code one partition of documents and write (or return) its shard.

A worker process keeps one :class:`~flashpoint.pipeline.Pipeline` for its whole life (loading
spaCy and the knowledge bases is the slow part), so the language model is loaded once per worker,
not once per partition. Coding goes through :func:`flashpoint.runner.code_documents`, the
same function a single-process ingest uses, so the events are the same.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flashpoint.distributed.shards import Shard
from flashpoint.records import Document, Failure


@dataclass(slots=True)
class Partition:
    """One task: documents to code (ids already made unique) and input failures to pass on."""

    number: int
    documents: list[Document]
    failures: list[Failure] = field(default_factory=list)
    modalities: tuple[str, ...] = ("asserted",)
    out: Path | None = None  # write the shard here (a folder every worker can reach); else return it


@dataclass(slots=True)
class PartitionResult:
    """What a worker sends back: counts, the failures to report, and the shard unless written."""

    number: int
    documents: int
    events: int
    failures: list[Failure]
    shard: dict[str, bytes] | None  # Parquet bytes per table, when the partition had no ``out``
    seconds: float
    worker: str


@cache
def worker_pipeline(modalities: tuple[str, ...]):
    """The process's pipeline, built on first use (the model name comes from the worker's own
    settings, e.g. FLASHPOINT_MODEL)."""
    from flashpoint.pipeline import Pipeline

    return Pipeline(modalities=modalities)


def code_partition(partition: Partition) -> PartitionResult:
    """Code a partition in one ``nlp.pipe`` batch, then write or return its shard."""
    from flashpoint.runner import code_documents

    began = time.perf_counter()
    coded, coder_failures = (code_documents(worker_pipeline(partition.modalities), partition.documents)
                             if partition.documents else ([], []))
    failures = partition.failures + coder_failures
    shard = Shard.build(coded, failures)
    payload = None
    if partition.out is not None:
        shard.write(partition.out, partition.number)
    else:
        payload = shard.to_bytes()
    return PartitionResult(
        number=partition.number, documents=len(coded), events=shard.event_count,
        failures=[Failure(f.source, f.reason, f.doc_id) for f in failures], shard=payload,
        seconds=time.perf_counter() - began, worker=f"{os.uname().nodename}:{os.getpid()}")
