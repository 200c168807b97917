"""A Dask runner for corpora past one machine.

``flashpoint ingest SOURCE... --workers N`` starts a local cluster of N worker processes;
``--scheduler tcp://HOST:8786`` uses an existing one (``dask scheduler`` / ``dask worker`` on
several machines). The client partitions the documents, each worker loads the pipeline once and
codes its partitions into Parquet shards (:mod:`flashpoint.distributed.shards`), and the client
merges the shards into the store in order, or leaves them as a Parquet dataset (``--out DIR``).
The events are the ones a single-process ingest stores.

Python API::

    from flashpoint.distributed import RunOptions, run
    from flashpoint.ingest import read_sources
    from flashpoint.store import Store

    with Store("corpus.db") as store:
        report = run(read_sources(["archive/"]), RunOptions(workers=2), store)
"""

from flashpoint.distributed.runner import (
    DistributedError,
    RunOptions,
    RunReport,
    load_dataset,
    read_dataset,
    run,
)
from flashpoint.distributed.shards import Shard
from flashpoint.distributed.worker import Partition, PartitionResult, code_partition

__all__ = [
    "DistributedError",
    "Partition",
    "PartitionResult",
    "RunOptions",
    "RunReport",
    "Shard",
    "code_partition",
    "load_dataset",
    "read_dataset",
    "run",
]
