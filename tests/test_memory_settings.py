"""glibc's malloc thresholds (flashpoint.language.memory): applied once where glibc is, skipped
safely elsewhere or when switched off, and without any effect on the parse or the events.

Whether the thresholds took effect is read from glibc itself (``mallinfo2().keepcost``: the free
memory kept at the top of the heap, which the default trim threshold hands back to the system).
The parse and events are compared with a process started with ``FLASHPOINT_MALLOC=off``, since
the setting is process-wide and cannot be undone.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.language import memory
from flashpoint.pipeline import Pipeline
from flashpoint.settings import SettingError

TEXTS = [
    "Pakistan closed its airspace to Indian airlines on Thursday.",
    "Indian troops fired on Pakistani posts along the Line of Control, the army said in Rawalpindi.",
    "Police arrested 12 protesters in Lahore after clashes with supporters of Imran Khan.",
]

#: Run in a fresh process: tune (or not), then free 16 MB of heap blocks and report what glibc kept.
KEEPCOST = """
import ctypes, json, sys
from flashpoint.language import memory
state = memory.tune()

class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]

libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = Info
blocks = [libc.malloc(16384) for _ in range(1024)]
for block in reversed(blocks):
    libc.free(block)
print(json.dumps({"state": state, "keepcost": libc.mallinfo2().keepcost}))
"""

#: Run in a fresh process: the parse (token columns) and the events of the texts and worked example.
PARSE = """
import json, sys
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, ORTH, POS, TAG
from flashpoint.language import memory
from flashpoint.pipeline import Pipeline

pipeline = Pipeline()
texts, example = json.loads(sys.stdin.read())
columns = [ORTH, TAG, HEAD, DEP, POS, LEMMA, ENT_IOB, ENT_TYPE]
parses = [doc.to_array(columns).tolist() for doc in pipeline.nlp.pipe(texts)]
events = [[e.evidence.sentence_index, e.cameo, e.source and e.source.code, e.target and e.target.code]
          for e in pipeline.code_text(example, published="2025-05-01")]
print(json.dumps({"state": memory.state, "parses": parses, "events": events}))
"""


def glibc() -> bool:
    return memory.glibc_mallopt() is not None


def fresh(script: str, setting: str, stdin: str = "") -> dict:
    """Run ``script`` in a new Python with ``FLASHPOINT_MALLOC=setting``; its last line, as JSON."""
    env = {**os.environ, memory.SETTING: setting}
    done = subprocess.run([sys.executable, "-c", script], input=stdin, capture_output=True, text=True, env=env,
                          timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch):
    """:func:`memory.tune` as if not yet called in this process (its real state restored after)."""
    monkeypatch.setattr(memory, "state", None)
    monkeypatch.delenv(memory.SETTING, raising=False)
    return monkeypatch


def test_the_pipeline_tunes_malloc_once_where_glibc_is(pipeline: Pipeline) -> None:
    expected = "off" if not memory.enabled() else "tuned" if glibc() else "no glibc"
    assert memory.state == expected and memory.tune() == expected


def test_tune_sets_both_thresholds_once(unset: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    unset.setattr(memory, "glibc_mallopt", lambda: lambda param, value: calls.append((param, value)) or 1)
    assert memory.tune() == "tuned" and memory.tune() == "tuned"
    assert calls == [(memory.M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD),
                     (memory.M_TRIM_THRESHOLD, memory.TRIM_THRESHOLD)]


def test_off_by_the_setting_never_calls_glibc(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(memory.SETTING, "off")
    unset.setattr(memory, "glibc_mallopt", lambda: pytest.fail("mallopt called though switched off"))
    assert memory.tune() == "off"


def test_a_bad_setting_is_named(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(memory.SETTING, "sometimes")
    with pytest.raises(SettingError, match=memory.SETTING):
        memory.tune()


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_elsewhere_it_does_nothing_and_raises_nothing(unset: pytest.MonkeyPatch, platform: str) -> None:
    unset.setattr(sys, "platform", platform)
    assert memory.glibc_mallopt() is None
    assert memory.tune() == "no glibc"


def test_another_c_library_is_left_alone(unset: pytest.MonkeyPatch) -> None:
    unset.setattr(os, "confstr", lambda name: None)  # musl has no CS_GNU_LIBC_VERSION
    assert memory.tune() == "no glibc"


def test_glibc_refusing_a_value_is_no_error(unset: pytest.MonkeyPatch) -> None:
    unset.setattr(memory, "glibc_mallopt", lambda: lambda param, value: 0)
    assert memory.tune() == "refused"


def test_glibc_keeps_freed_memory_only_when_tuned() -> None:
    if not glibc() or not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("not glibc 2.33 or later")
    on, off = fresh(KEEPCOST, "on"), fresh(KEEPCOST, "off")
    assert (on["state"], off["state"]) == ("tuned", "off")
    assert on["keepcost"] >= 8 * 2**20 > 2**20 > off["keepcost"]


def test_the_parse_and_events_are_the_same_either_way(worked_example: Path) -> None:
    stdin = json.dumps([TEXTS, worked_example.read_text(encoding="utf-8")])
    tuned, untouched = fresh(PARSE, "on", stdin), fresh(PARSE, "off", stdin)
    assert untouched["state"] == "off" and tuned["state"] == ("tuned" if glibc() else "no glibc")
    assert tuned["events"] and tuned["events"] == untouched["events"]
    assert tuned["parses"] == untouched["parses"]


def _worker_settings() -> dict:
    """What a Dask worker runs with (called on the worker by ``client.run``)."""
    import dask

    from flashpoint.distributed.runner import CLUSTER_CONFIG

    return {"malloc": memory.state, "config": {key: dask.config.get(key) for key in CLUSTER_CONFIG}}


def test_the_runners_workers_tune_malloc_and_run_dask_quietly() -> None:
    """Each worker of the runner's local cluster tunes malloc when it loads its pipeline, and runs
    with the runner's Dask settings (no 10 ms stack sampling of the thread that codes)."""
    from distributed import Client

    from flashpoint.distributed.runner import CLUSTER_CONFIG, _preload, local_cluster

    with local_cluster(1) as cluster, Client(cluster) as client:
        client.run(_preload, ("asserted",))
        (answer,) = client.run(_worker_settings).values()
    expected = "off" if not memory.enabled() else "tuned" if glibc() else "no glibc"
    assert answer == {"malloc": expected, "config": CLUSTER_CONFIG}
