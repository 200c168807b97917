"""The client side of a distributed ingest: partition, submit, and merge the shards in order.

The client reads the inputs and decides what to code exactly as a single-process ingest does
(skip what the store holds, make doc ids unique, cut batches by the same rule; see
:mod:`flashpoint.runner`), so each partition is the batch a single process would have coded.
Workers code the partitions in parallel; the client merges finished shards into the store in
partition order, one transaction each, so the store ends up holding what a single-process run
stores. With ``out`` the shards are left as a Parquet dataset instead and the store is not touched.

Memory stays flat in corpus size: inputs are read lazily and at most ``window`` partitions are
in flight (submitted and not yet merged) at any time.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from flashpoint.distributed.shards import TABLES, Shard, part_name
from flashpoint.distributed.worker import Partition, PartitionResult, code_partition, worker_pipeline
from flashpoint.errors import FlashpointError
from flashpoint.records import Document, Failure
from flashpoint.runner import DocIds, IngestProgress, batch_full, new_inputs, overflows

if TYPE_CHECKING:
    from flashpoint.store import Store

MANIFEST = "manifest.json"


class DistributedError(FlashpointError, RuntimeError):
    """The cluster could not be reached or started, a worker could not load the pipeline, or
    ``out`` is not a usable folder."""


@dataclass(slots=True)
class RunOptions:
    """How to run: on a new local cluster (``workers``), an existing one (``scheduler``), or in
    this process (neither); where results go (the store, or the ``out`` dataset)."""

    workers: int | None = None
    scheduler: str | None = None
    out: Path | None = None
    batch_size: int = 32  # documents per partition (and per store transaction)
    modalities: tuple[str, ...] = ("asserted",)
    retry_failed: bool = False
    merge: bool = True
    window: int | None = None  # partitions in flight; default 2 per worker thread, plus one


@dataclass(slots=True)
class RunReport:
    """What a run did, beyond the ingest counts: where it ran and how the partitions went."""

    progress: IngestProgress
    partitions: int = 0
    workers: list[str] = field(default_factory=list)  # host:pid of each worker that coded a partition
    cluster: str = "nothing to code"
    out: Path | None = None
    busy_seconds: float = 0.0  # time workers spent coding partitions, summed (vs wall time x workers)


def run(
    items: Iterable[Document | Failure],
    options: RunOptions,
    store: Store | None = None,
    *,
    total: int | None = None,
    on_progress: Callable[[IngestProgress], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> RunReport:
    """Code ``items`` on a cluster (or in process) into ``store``, or into ``options.out``."""
    if options.out is None and store is None:
        raise ValueError("give a store, or an out folder for the Parquet dataset")
    out = _prepare_out(options.out) if options.out is not None else None
    target = None if out is not None else store
    progress = IngestProgress(total=total)
    report = RunReport(progress=progress, out=out)
    sink = _Sink(target, report, on_progress, on_failure)
    inputs = new_inputs(target, items, progress, options.retry_failed, on_progress,
                        sink.repeat if target is not None else None)
    partitions = _partitions(inputs, DocIds(), options.batch_size, options.modalities, out)
    first = next(partitions, None)
    if first is not None:  # nothing new to code: no cluster to start
        with _executor(options) as executor:
            report.cluster = executor.name
            window = options.window or 2 * executor.slots + 1
            in_flight: deque[Any] = deque()
            for partition in itertools.chain([first], partitions):
                in_flight.append(executor.submit(partition))
                if len(in_flight) >= window:
                    sink.take(executor.result(in_flight.popleft()))
            while in_flight:
                sink.take(executor.result(in_flight.popleft()))
    if out is not None:
        _write_manifest(out, report)
    elif store is not None and sink.repeats:  # texts already stored, from other outlets
        store.add([], [], sink.repeats)
    if out is None and options.merge and store is not None:
        progress.merged_groups = store.refresh_merges()
    if on_progress:
        on_progress(progress)
    return report


def _partitions(inputs: Iterator[Document | Failure], ids: DocIds, size: int, modalities: tuple[str, ...],
                out: Path | None) -> Iterator[Partition]:
    """Cut the inputs into partitions by the single-process batch rule."""
    size = max(1, size)
    documents: list[Document] = []
    failures: list[Failure] = []
    number = chars = 0
    for item in inputs:
        if isinstance(item, Failure):
            failures.append(item)
        else:
            if overflows(chars, len(item.text)):
                yield Partition(number, documents, failures, modalities, out)
                number, documents, failures, chars = number + 1, [], [], 0
            documents.append(ids.assign(item))
            chars += len(item.text)
        if batch_full(len(documents), len(failures), size, chars):
            yield Partition(number, documents, failures, modalities, out)
            number, documents, failures, chars = number + 1, [], [], 0
    if documents or failures:
        yield Partition(number, documents, failures, modalities, out)


class _Sink:
    """Takes finished partitions in order: into the store, or only counted (``out``)."""

    def __init__(self, store: Store | None, report: RunReport, on_progress, on_failure) -> None:
        self.store, self.report = store, report
        self.on_progress, self.on_failure = on_progress, on_failure
        self.repeats: list[Document] = []  # texts stored already, carried by another outlet

    def repeat(self, document: Document) -> None:
        self.repeats.append(document)

    def take(self, result: PartitionResult) -> None:
        progress = self.report.progress
        if self.store is not None and result.shard is not None:
            coded, failures = Shard.from_bytes(result.shard).coded_and_failures()
            docs, events, failed = self.store.add(coded, failures, self.repeats)
            self.repeats = []
        else:
            docs, events, failed = result.documents, result.events, len(result.failures)
        progress.coded += docs
        progress.events += events
        progress.failures += failed
        self.report.partitions += 1
        self.report.busy_seconds += result.seconds
        if result.worker not in self.report.workers:
            self.report.workers.append(result.worker)
        if self.on_failure:
            for failure in result.failures:
                self.on_failure(failure)
        if self.on_progress:
            self.on_progress(progress)


def _prepare_out(out: Path) -> Path:
    out = Path(out).resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DistributedError(f"{out}: already exists; the Parquet dataset goes to a new (or empty) folder")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _write_manifest(out: Path, report: RunReport) -> None:
    """A small summary beside the shards, so a reader knows the dataset is complete."""
    progress = report.progress
    manifest = {
        "partitions": report.partitions,
        "parts": {table: [f"{table}/{part_name(n)}" for n in range(report.partitions)] for table in TABLES},
        "documents": progress.coded, "events": progress.events, "failures": progress.failures,
        "inputs": progress.seen, "duplicates_skipped": progress.skipped,
        "cluster": report.cluster, "workers": report.workers,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


# -- where partitions run ---------------------------------------------------------------------

class _InProcess:
    """Runs each partition at once in this process (no Dask): ``--out`` without a cluster."""

    name = "in-process"
    slots = 1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def submit(self, partition: Partition) -> PartitionResult:
        return code_partition(partition)

    @staticmethod
    def result(pending: PartitionResult) -> PartitionResult:
        return pending


#: What Dask's nannies put in a new worker's environment that Flashpoint takes out (None: unset).
#: Dask sets ``MALLOC_TRIM_THRESHOLD_=65536`` so that workers hand freed memory back to the system;
#: setting it also switches off glibc's adaptive mmap threshold, so every array over 128 KB of the
#: parse (the models' products, batch after batch) is mapped, zeroed by the kernel and unmapped
#: again: one process coding 300 BBC articles took 1.5x the CPU time with it (24-27 s against
#: 16-17 s). A worker's memory is flat without it (docs/performance.md).
WORKER_ENVIRON: dict[str, str | None] = {"MALLOC_TRIM_THRESHOLD_": None}

#: Dask's diagnostics that Flashpoint's local clusters run less often (issue 17). By default every
#: worker samples its task thread's stack every 10 ms for the dashboard's profile, and every
#: server (each worker, and the scheduler in the client process) wakes every 20 ms to check its
#: event loop: each wake takes the GIL from the thread coding the partition. With one worker on
#: 300 BBC articles that cost the worker's event loop about 1.0 s of CPU and the client 1.1 s,
#: against 0.1 s and 0.5 s with these values, out of about 21 s of coding (docs/performance.md,
#: "Issue 17, fourth step"). They change no result: the profile only feeds the dashboard, and an
#: event loop blocked for over 3 s (``distributed.admin.tick.limit``) is still reported. Dask's
#: own test suite runs its clusters with the profile off and a 500 ms tick.
CLUSTER_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def local_cluster(workers: int, *, dask_defaults: bool = False) -> Any:
    """A LocalCluster of ``workers`` single-threaded processes (spaCy and the coder are CPU-bound
    Python, so threads would share one core), started without :data:`WORKER_ENVIRON`'s settings
    and with :data:`CLUSTER_CONFIG` (unless ``dask_defaults``: the benchmarks' "before"). The
    scheduler runs in this process; each nanny hands its worker the configuration it was created
    with, so the settings reach every process of the cluster."""
    import dask
    from distributed import LocalCluster

    overrides: dict[str, object] = {f"distributed.nanny.pre-spawn-environ.{name}": value
                                    for name, value in WORKER_ENVIRON.items()}
    if not dask_defaults:
        overrides.update(CLUSTER_CONFIG)
    with dask.config.set(overrides):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                            silence_logs=logging.ERROR)


class _Dask:
    """A Dask client on a new LocalCluster (one single-threaded process per worker: spaCy and the
    coder are CPU-bound Python, so threads would share one core) or on an existing scheduler."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.cluster = None
        self.client = None
        self.slots = 1
        self.name = ""

    def __enter__(self) -> Self:
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - distributed is a dependency
            raise DistributedError("the Dask runner needs 'distributed' (pip install distributed)") from error
        try:
            if self.options.scheduler:
                self.client = Client(self.options.scheduler, timeout="30s")
            else:
                self.cluster = local_cluster(self.options.workers or 1)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as error:
            self.__exit__()
            raise DistributedError(f"cannot reach the Dask scheduler {self.options.scheduler}: {error}") from error
        self._preload()
        self.name = self.options.scheduler or f"local cluster of {self.options.workers or 1} workers"
        return self

    def _preload(self) -> None:
        """Load the pipeline on every worker now: once per worker, and a missing model or package
        on a worker is one clear error here, not a failure per partition."""
        try:
            answers = self.client.run(_preload, tuple(self.options.modalities))
        except Exception as error:  # whatever a worker raised, name it
            self.__exit__()
            raise DistributedError(f"a worker could not load the Flashpoint pipeline: {error}") from error
        if not answers:
            self.__exit__()
            raise DistributedError(f"the Dask cluster {self.options.scheduler} has no workers")
        self.slots = sum(self.client.nthreads().values()) or 1

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def submit(self, partition: Partition):
        return self.client.submit(code_partition, partition, pure=False,
                                  key=f"flashpoint-partition-{partition.number}-{id(self):x}")

    @staticmethod
    def result(future) -> PartitionResult:
        """The partition's result; a partition the cluster could not run (its workers died,
        say) stops the run with the partitions before it stored, so a rerun resumes there."""
        try:
            result = future.result()
        except Exception as error:  # name the partition and the cause
            raise DistributedError(f"partition {future.key} failed on the cluster: "
                                   f"{error.__class__.__name__}: {error}") from error
        future.release()  # the result is in hand: the cluster need not keep it
        return result


def _preload(modalities: tuple[str, ...]) -> str:
    worker_pipeline(modalities)
    return "ready"


def _executor(options: RunOptions) -> _InProcess | _Dask:
    if options.workers or options.scheduler:
        return _Dask(options)
    return _InProcess()


def read_dataset(out: Path) -> Iterator[tuple[list, list[Failure]]]:
    """The (coded documents, failures) of each shard of a dataset written with ``out``, in
    partition order, e.g. to load it into a store later with :func:`load_dataset`."""
    manifest = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    for number in range(manifest["partitions"]):
        yield Shard.read(Path(out), number).coded_and_failures()


def load_dataset(out: Path, store: Store, merge: bool = True) -> IngestProgress:
    """Store a Parquet dataset written by a run with ``out``, shard by shard (one transaction each)."""
    progress = IngestProgress()
    for coded, failures in read_dataset(out):
        docs, events, failed = store.add(coded, failures)
        progress.seen += len(coded) + len(failures)
        progress.coded += docs
        progress.events += events
        progress.failures += failed
    if merge:
        progress.merged_groups = store.refresh_merges()
    return progress

