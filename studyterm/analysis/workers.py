"""Analyse episodes in several processes: each runs spaCy and studyterm's own analysis on its
share, and sends back plain results, never Docs.

spaCy's own `nlp.pipe(n_process=2)` runs only spaCy in its processes and sends every Doc back to
the parent, which unpacks it and reads it into the items alone: the parent's share (unpacking,
phrases, words, senses) kept the two-process import at about 0.8 of a one-process bare spaCy.
Here the work is cut in tasks: a few whole small episodes, or a run of whole blocks of a long
one (`block_ranges`). A worker analyses a task's episodes whole (`Analyzer.analyse_all`) or reads
a part (`Analyzer.read_part`); the parent hands out the next task to whichever worker is free,
puts a long episode's parts together in order (`Analyzer.merge_parts`: what one process gives)
and is told how far each worker is. A worker may also prepare what it analysed for the caller
(`prepare_in_processes`): an import has it encode the library's rows, which then cross the pipe
as bytes, so that the parent's share after the analysis is the write alone.

The workers are forked from a process running one thread (the caller's duty, see
`pipeline.analysis_processes`): they start at once with the pipeline already loaded, and see
the episodes without their being sent. Each dies with its parent (`parent_watch`). A worker
that fails sends its exception; one that dies (killed, out of memory) is noticed at once and
ends the analysis with one clear error: nothing waits for it.
"""

from __future__ import annotations

import copyreg
import gc
import io
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, TypeVar

from studyterm.analysis.nlp import parent_watch
from studyterm.analysis.vocab import EpisodePart, block_ranges
from studyterm.errors import StudytermError
from studyterm.model import Analysis, Episode, Occurrence

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from studyterm.analysis.vocab import Analyzer

__all__ = ["TASK_CHARS", "Task", "analyse_in_processes", "plan_tasks", "prepare_in_processes"]

T = TypeVar("T")

TASK_CHARS = (4_000, 40_000)
"""The least and the most characters of a task: about eight tasks a process share the work out
evenly whatever each one's speed (a busy machine slows one more than the other), and a task is
big enough for spaCy's batches and small enough that the last one does not keep the other
process waiting long."""

PROGRESS_EVERY = 0.2
"""Seconds between two progress messages of a worker."""


@dataclass(frozen=True)
class Task:
    """A share of the work: whole episodes (their indexes), or a part of one long episode (its
    index, the part's number and its segments: whole blocks)."""

    number: int
    episodes: tuple[int, ...]
    part: int = -1
    segments: range | None = None


def plan_tasks(episodes: Sequence[Episode], processes: int) -> tuple[list[Task], dict[int, int]]:
    """The tasks, in the text's order, and the number of parts of each episode cut in parts."""
    sizes = [sum(len(s.text) for s in e.segments) for e in episodes]
    least, most = TASK_CHARS
    big = max(least, min(most, sum(sizes) // (max(processes, 1) * 8)))
    left = sum(sizes)  # characters not yet in a task
    share = big
    tasks: list[Task] = []
    parts: dict[int, int] = {}
    group: list[int] = []
    grouped = 0

    def planned(chars: int) -> None:
        """`chars` more in tasks: the last tasks are smaller, so that neither process waits
        long for the other at the end."""
        nonlocal left, share
        left -= chars
        share = big if left > big * processes else max(least, big // 4)

    def flush() -> None:
        nonlocal group, grouped
        if group:
            tasks.append(Task(len(tasks), tuple(group)))
            planned(grouped)
        group, grouped = [], 0

    for n, (episode, size) in enumerate(zip(episodes, sizes, strict=True)):
        if size <= share:
            group.append(n)
            grouped += size
            if grouped >= share:
                flush()
            continue
        flush()
        start = chars = 0
        count = 0
        ranges = block_ranges(episode)
        for k, blocks in enumerate(ranges):
            chars += sum(len(episode.segments[i].text) for i in blocks)
            if chars >= share or k == len(ranges) - 1:
                tasks.append(Task(len(tasks), (n,), count, range(start, blocks.stop)))
                planned(chars)
                count += 1
                start, chars = blocks.stop, 0
        parts[n] = count
    flush()
    return tasks, parts


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None


def analyse_in_processes(
    analyzer: Analyzer,
    episodes: Sequence[Episode],
    processes: int = 2,
    batch_size: int = 64,
    progress: Callable[[int, int], None] | None = None,
    starting: Callable[[int], None] | None = None,
) -> list[Analysis]:
    """Each episode's analysis, in order: what `analyzer.analyse_all(episodes)` gives, computed
    in `processes` forked processes (see `prepare_in_processes`)."""
    return prepare_in_processes(analyzer, episodes, _itself, processes, batch_size, progress, starting)


def _itself(analysis: Analysis) -> Analysis:
    return analysis


def prepare_in_processes(
    analyzer: Analyzer,
    episodes: Sequence[Episode],
    prepare: Callable[[Analysis], T],
    processes: int = 2,
    batch_size: int = 64,
    progress: Callable[[int, int], None] | None = None,
    starting: Callable[[int], None] | None = None,
) -> list[Analysis | T]:
    """For each episode, in order, `prepare` of its analysis (what `analyzer.analyse_all
    (episodes)` gives), computed in `processes` forked processes: `prepare` runs in the process
    that made the analysis, and what it returns is what crosses the pipe (the rows the library
    stores, say, so that the parent only writes them). A long episode analysed in parts by
    several processes is put together here, and given as its analysis, not prepared.
    `progress(done, total)` hears the characters analysed so far; `starting(n)` is told when
    the work on the n-th episode (0-based) starts. A worker's exception is raised here; a
    worker that dies raises StudytermError."""
    tasks, cut = plan_tasks(episodes, processes)
    total = sum(len(s.text) for e in episodes for s in e.segments)
    results: list[Analysis | T | None] = [None] * len(episodes)
    parts: dict[int, list[EpisodePart | None]] = {n: [None] * k for n, k in cut.items()}
    queue = deque(tasks)
    done = 0
    told = -1  # the last episode `starting` was told of
    workers: list[_Worker] = []

    def give(worker: _Worker) -> None:
        nonlocal told
        worker.task = queue.popleft() if queue else None
        try:
            worker.conn.send(worker.task)
        except OSError:  # a broken pipe: it is gone (no matter when it had no more to do)
            if worker.task is not None:
                raise _died(worker, episodes) from None
        if worker.task is not None and starting is not None:
            while told < max(worker.task.episodes):
                told += 1
                starting(told)

    sys.stdout.flush()  # a forked process would write again what is in the buffers
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    # the objects there are now (the pipeline, the word lists) stay out of the collector's way
    # until the end: in the workers, whose copies of them are then not touched (nor copied) by
    # it, and here, where the results arrive
    gc.freeze()
    try:
        with parent_watch():
            for k in range(max(1, min(processes, len(tasks)))):
                here, there = context.Pipe()
                process = context.Process(
                    target=_serve,
                    args=(analyzer, episodes, prepare, there, batch_size),
                    name=f"studyterm-analysis-{k + 1}",
                    daemon=True,
                )
                process.start()
                there.close()
                workers.append(_Worker(process, here))
        for worker in workers:
            give(worker)
        while any(w.task is not None for w in workers):
            busy = [w for w in workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn in ready or worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):  # its end of the pipe closed or reset: it is gone
                        message = None
                    if message is None:
                        raise _died(worker, episodes)
                    kind, payload, unsent = message
                    done += unsent
                    if progress is not None and unsent:
                        progress(done, total)
                    if kind == "error":
                        raise payload
                    if kind == "done":
                        task = worker.task
                        assert task is not None
                        if task.segments is None:
                            for n, prepared in zip(task.episodes, payload, strict=True):
                                results[n] = prepared
                        else:
                            [n] = task.episodes
                            parts[n][task.part] = payload
                            if all(p is not None for p in parts[n]):
                                got = [p for p in parts.pop(n) if p is not None]
                                results[n] = analyzer.merge_parts(episodes[n], got, batch_size)
                        give(worker)
                elif worker.process.sentinel in ready:
                    raise _died(worker, episodes)
        for worker in workers:
            worker.process.join(timeout=5)
    finally:
        gc.unfreeze()
        for worker in workers:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join(timeout=5)
            worker.conn.close()
    if progress is not None and done < total:
        progress(total, total)
    out = [a for a in results if a is not None]
    assert len(out) == len(episodes)
    return out


def _died(worker: _Worker, episodes: Sequence[Episode]) -> StudytermError:
    worker.process.join(timeout=5)
    code = worker.process.exitcode
    if code is None:
        how = "it stopped answering"
    elif code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit status {code}"
    task = worker.task
    names = [episodes[n].source or episodes[n].title for n in task.episodes] if task else []
    where = f" while analysing {names[0]}" + (f" and {len(names) - 1} more" if len(names) > 1 else "")
    return StudytermError(f"an analysis process ended unexpectedly ({how}){where if names else ''}")


# -- in the worker -----------------------------------------------------------------------------


def _serve(
    analyzer: Analyzer,
    episodes: Sequence[Episode],
    prepare: Callable[[Analysis], object],
    conn: Connection,
    batch_size: int,
) -> None:
    """A worker: do each task the parent sends until it sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        task = conn.recv()
        if task is None:
            return
        unsent = 0
        last = time.monotonic()

        def heard(chars: int) -> None:
            nonlocal unsent, last
            unsent += chars
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY:
                conn.send(("progress", None, unsent))
                unsent, last = 0, now

        try:
            result: Any
            if task.segments is None:
                result = _whole(analyzer, [episodes[n] for n in task.episodes], batch_size, heard, prepare)
            else:
                result = analyzer.read_part(episodes[task.episodes[0]], task.segments, batch_size, heard)
        except Exception as exc:  # sent to the parent, which raises it
            conn.send(("error", _sendable(exc), unsent))
            return
        conn.send_bytes(_packed(("done", result, unsent)))


def _whole(
    analyzer: Analyzer,
    episodes: list[Episode],
    batch_size: int,
    heard: Callable[[int], None],
    prepare: Callable[[Analysis], object],
) -> list[object]:
    before = 0

    def advance(done: int, total: int) -> None:
        nonlocal before
        heard(done - before)
        before = done

    return [prepare(a) for a in analyzer.analyse_all(episodes, batch_size, progress=advance)]


def _packed(message: object) -> bytes:
    """`message` pickled, each occurrence as the arguments that make it: the default way (a
    frozen dataclass's own state functions, field by field) took twice as long each way, for
    hundreds of thousands of them."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, Occurrence: _occurrence}
    pickler.dump(message)
    return out.getbuffer().tobytes()


def _occurrence(o: Occurrence) -> tuple[type[Occurrence], tuple[int, int, int, str, int, int, int]]:
    return Occurrence, (o.segment, o.start, o.end, o.sentence, o.sent_start, o.sent_end, o.sense)


def _sendable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc} (in analysis process {os.getpid()})")
    return exc
