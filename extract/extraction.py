"""Extract stage: raw documents not yet parsed by this extractor version become a batch of files.

Parsing is pure and per report, so chunks of reports are parsed in worker processes, each
chunk written as its own Parquet files (the batch format of `extract.stage.batch`); the single
writer in `extract.stage.load` is the only code that writes staging tables. Only the chunks in
flight are held in memory, so a run's footprint does not grow with the number of pending reports.

A document is written by a stranger, and some make a parser hang or eat memory. Each parse
has a budget (`ParseBudget`): the worker caps its own address space while it parses one,
so an allocation past the cap fails as a MemoryError in that document; and the run, which
sees in shared memory which document each worker is on and since when, kills a worker whose
document is over its time, quarantines that document and hands the rest of its chunk to a
new worker. A hung or dying worker therefore costs one document, never the run. (concurrent.futures can
neither kill one task nor say which document of a chunk a worker is on: the pool is ours.)
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import resource
import shutil
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

import duckdb

from extract import audit, manual
from extract.document import Parse, document_rows, parse_document
from extract.ingest.formats import describe
from extract.lifetime import die_with
from extract.parse import EXTRACTOR_VERSION
from extract.settings import Settings
from extract.stage import batch

STAGE = "extract"
log = logging.getLogger(__name__)

Document = tuple[str, str, bytes, str]  # sha, source file, content, encoding


@dataclass(frozen=True)
class ParseBudget:
    """What parsing one document may cost: wall time, and memory on top of what its worker
    held before it (address space, which is what the kernel can cap: RLIMIT_AS)."""

    seconds: float = Settings.parse_timeout
    memory_mb: int = Settings.parse_memory_mb

    @classmethod
    def of(cls, settings: Settings) -> ParseBudget:
        return cls(settings.parse_timeout, settings.parse_memory_mb)

    def timed_out(self) -> str:
        return f"parse took longer than {self.seconds:g} s"

    def out_of_memory(self) -> str:
        return f"parse ran out of its {self.memory_mb} MB memory budget"


def pending_documents(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(sha, source file) of documents with no staging rows from the current extractor
    version, oldest first; their bytes are read a chunk at a time. Bytes quarantined by hand
    (`python -m extract quarantine`) are never parsed, whatever name or URL brings them again."""
    return con.execute(
        """
        select d.content_sha256, d.source_file
        from raw.documents d
        left join staging.reports r
            on r.content_sha256 = d.content_sha256 and r.extractor_version = ?
        where r.report_id is null
          and d.content_sha256 not in (select content_sha256 from audit.quarantine where stage = ?)
        order by d.ingested_at, d.content_sha256
        """,
        [EXTRACTOR_VERSION, manual.STAGE],
    ).fetchall()


def documents(con: duckdb.DuckDBPyConnection, shas: list[str]) -> list[Document]:
    """The documents of `shas`, bytes and all, in that order."""
    found = {row[0]: row for row in con.execute(
        "select content_sha256, source_file, content, encoding from raw.documents "
        "where content_sha256 in (select unnest(?::varchar[]))", [shas]).fetchall()}
    return [found[sha] for sha in shas]


WRITING = -1  # in place of a document's index: the chunk's files are being written
IDLE = -2  # nor a document nor the writing: the worker is between chunks


def parse_chunk(documents: list[Document], chunk_dir: Path, run_id: str, budget: ParseBudget = ParseBudget(),
                parse: Parse = parse_document,
                step: Callable[[int], None] = lambda index: None) -> list[tuple[str, str, str]]:
    """Parse documents into Parquet files in `chunk_dir` (runs in a worker process), calling
    `step` with each document's index before its parse and with WRITING before the writing.
    Returns (sha, source file, reason) of each document the parser failed on, that ran out of
    memory or whose rows the staging tables refuse."""
    parsed: list[tuple[str, str, dict[str, list[dict]]]] = []
    failures = []
    extracted_at = audit.now()
    for index, (sha, source_file, content, encoding) in enumerate(documents):
        step(index)
        try:
            with _memory_cap(budget.memory_mb << 20):
                parsed.append((sha, source_file, document_rows(
                    content, encoding, content_sha256=sha, source_file=source_file, run_id=run_id,
                    extracted_at=extracted_at, parse=parse)))
        except MemoryError:
            failures.append((sha, source_file, budget.out_of_memory()))
        except Exception as exc:  # a parser bug on one report must not stop the others
            failures.append((sha, source_file, describe(exc)))
    step(WRITING)
    try:
        batch.write_tables(batch.merged(rows for _, _, rows in parsed), chunk_dir)
    except duckdb.Error:
        # Some report's rows do not fit the staging tables (a NULL, a number out of range):
        # each is tried alone, and the chunk is written without the ones that do not fit.
        shutil.rmtree(chunk_dir, ignore_errors=True)
        fitting = []
        for sha, source_file, rows in parsed:
            try:
                batch.write_tables(rows)
                fitting.append(rows)
            except duckdb.Error as exc:
                failures.append((sha, source_file, f"rows do not fit the staging tables: {describe(exc)}"))
        batch.write_tables(batch.merged(fitting), chunk_dir)
    return failures



_PAGE = os.sysconf("SC_PAGE_SIZE")


@contextmanager
def _memory_cap(extra: int) -> Iterator[None]:
    """Cap this process's address space at what it uses now plus `extra` bytes, for the
    length of one parse: what a worker holds grows as its caches fill."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        cap = int(statm.read().split()[0]) * _PAGE + extra
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


_WARM_UP = "清水河街道2021年工作总结\n一、工作总结\n全年完成一般公共预算收入1548万元，同比增长3.5%。\n".encode()


def warm_up(parse: Parse = parse_document) -> None:
    """Parse one small report: the dictionaries, the place index and the converters load at
    the first parse, seconds no document should be charged with. Each worker does it before
    its first chunk; a process that forks workers, before it forks them."""
    document_rows(_WARM_UP, "utf-8", content_sha256="", source_file="", run_id="", extracted_at=None, parse=parse)


def _work(connection: Connection, progress, parent: int, budget: ParseBudget, parse: Parse) -> None:
    """A worker process: parse the chunks it is sent, showing in `progress` (chunk number,
    document index, since when) what it is on."""
    die_with(parent)
    warm_up(parse)

    def step(index: int) -> None:
        progress[2] = time.monotonic()  # first: who sees the new index sees when it began
        progress[1] = index

    while (task := connection.recv()) is not None:
        number, documents_file, chunk_dir, run_id = task
        progress[1] = IDLE
        progress[0] = number
        documents = pickle.loads(documents_file.read_bytes())
        failures = parse_chunk(documents, chunk_dir, run_id, budget, parse, step)
        progress[1] = IDLE
        connection.send((number, failures))


def _work_on_a_fresh_stack(*args) -> None:
    """`_work` on a thread of its own, for a worker forked from deep inside its parent's calls.

    CPython 3.11 keeps frames on a stack of 16 KB chunks it maps on entering one and unmaps on
    leaving it. A forked worker starts at its parent's depth, which a parse task's process
    forks at 40-odd frames inside Airflow's task runner and Celery, and where that depth puts a
    chunk boundary under the parser's inner loops, every call across it maps, faults and
    unmaps a chunk: the same 200 reports cost 80,000 more page faults and 0.4 s more system
    time in a parse task than outside Airflow, and 2.5 times the CPU at one depth of the 32
    tried (docs/scaling.md). A new thread's frame stack starts empty, as a spawned
    worker's does, so the parse runs at the same depth wherever its worker was forked."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            _work(*args)
        except BaseException as exc:  # the worker's exit code and traceback, as if on its main thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="parse")
    thread.start()
    # Only the parse takes signals: one sent to the worker (os.kill by a document, a stray
    # SIGTERM) stops it on the document it is on, which the pool then blames, as on one thread.
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    thread.join()
    if failed:
        raise failed[0]


@dataclass
class _Chunk:
    number: int
    documents: list[Document]
    unblamed: int = 0  # workers lost on it while it was parsing no document


class _Worker:
    """One worker process and its connection. Chunks travel as files, so every message is
    small: the run never blocks writing to a worker, nor leaves a write pending to one it killed.
    What it is on is in shared memory, not a message per document: the run wakes per chunk."""

    # Chunks sent ahead: the next one is there when a chunk is done, also while the run is
    # busy with other work (the `meanwhile` of extract_pending).
    DEPTH = 2

    def __init__(self, context, budget: ParseBudget, parse: Parse):
        self.connection, self._theirs = context.Pipe()
        self._progress = context.RawArray("d", [-1, IDLE, 0])
        work = _work_on_a_fresh_stack if context.get_start_method() == "fork" else _work
        self.process = context.Process(target=work, args=(self._theirs, self._progress, os.getpid(), budget, parse),
                                       daemon=True)
        self.assigned: deque[_Chunk] = deque()  # the first is the one being parsed

    def doing(self) -> tuple[int, float] | None:
        """The document it is on (its index in the first chunk, or WRITING) and since when, on
        time.monotonic (CLOCK_MONOTONIC, one clock for every process); None while it starts up,
        waits or takes its next chunk, which no document can make slow."""
        number, index, since = self._progress[:]
        if not self.assigned or number != self.assigned[0].number or index == IDLE:
            return None
        return int(index), since

    def send(self, chunk: _Chunk, documents_file: Path, chunk_dir: Path, run_id: str) -> None:
        if self.process.pid is None:  # started at its first chunk: a spare worker costs no start-up
            self.process.start()
            self._theirs.close()
        documents_file.write_bytes(pickle.dumps(chunk.documents, protocol=pickle.HIGHEST_PROTOCOL))
        self.assigned.append(chunk)
        self.connection.send((chunk.number, documents_file, chunk_dir, run_id))

    def stop(self, kill: bool) -> None:
        if self.process.pid is not None:
            if kill:
                self.process.kill()
            else:
                with suppress(OSError):  # one that died between chunks has nothing to be told
                    self.connection.send(None)
            self.process.join()
        self._theirs.close()
        self.connection.close()


@dataclass
class _Progress:
    total: int
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    quarantined: int = 0

    def add(self, documents: int, quarantined: int) -> None:
        self.done += documents
        self.quarantined += quarantined

    def log(self) -> None:
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        log.info("extract: %d/%d reports, %.1f reports/s, about %.0f s left",
                 self.done, self.total, rate, (self.total - self.done) / max(rate, 1e-9))


class _Pool:
    """Worker processes parsing chunks, each watched against the parse budget."""

    def __init__(self, size: int, budget: ParseBudget, parse: Parse, partial: Path, run_id: str,
                 quarantine: Callable[[Document, str], None], progress: _Progress, start: str = "spawn"):
        # `start`: how a worker process starts (multiprocessing's start method).
        self._context = multiprocessing.get_context(start)
        self._budget, self._parse, self._partial, self._run_id = budget, parse, partial, run_id
        self._inputs = partial.with_name(partial.name + ".inputs")
        self._inputs.mkdir()
        self._quarantine, self._progress = quarantine, progress
        self._workers = [self._new_worker() for _ in range(size)]
        self._again: deque[_Chunk] = deque()  # chunks to parse again after their worker was lost
        self._numbers = 0

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self._budget, self._parse)

    def _chunk(self, documents: list[Document], unblamed: int = 0) -> _Chunk:
        # Numbers are never reused: a lost chunk's files may be half written.
        self._numbers += 1
        return _Chunk(self._numbers - 1, documents, unblamed)

    def _dir(self, chunk: _Chunk) -> Path:
        return batch.chunk_dir(self._partial, chunk.number)

    def _documents_file(self, chunk: _Chunk) -> Path:
        return self._inputs / f"{chunk.number:06d}.pickle"

    def run(self, chunks: Iterator[list[Document]]) -> None:
        """Parse every chunk `chunks` yields; it is asked for the next one whenever a worker
        has room, so at most DEPTH chunks per worker are in memory."""
        while True:
            self._fill(chunks)
            if not any(worker.assigned for worker in self._workers):
                return
            self._collect()

    def _fill(self, chunks: Iterator[list[Document]]) -> None:
        drained = False
        for worker in self._workers:
            while len(worker.assigned) < _Worker.DEPTH:
                if self._again:
                    chunk = self._again.popleft()
                elif (documents := next(chunks, None)) is not None:
                    chunk = self._chunk(documents)
                else:
                    drained = True
                    break
                worker.send(chunk, self._documents_file(chunk), self._dir(chunk), self._run_id)
        if drained:
            # Nothing left to hand out: an idle worker gives its memory back now, not when the
            # slowest chunk is done (a lost worker's chunks go to the one that replaces it).
            for idle in [worker for worker in self._workers if not worker.assigned]:
                idle.stop(kill=False)
                self._workers.remove(idle)

    def _collect(self) -> None:
        """Wait for a chunk done, a worker's death or the end of a budget, and act on it."""
        busy = [worker for worker in self._workers if worker.assigned]
        now, budget = time.monotonic(), self._budget.seconds
        # A document that begins after this look is caught a tenth of its budget late at most.
        begun = [doing[1] for worker in busy if (doing := worker.doing())]
        timeout = max(0.0, min([since + budget for since in begun] + [now + budget / 10]) - now)
        wait([handle for worker in busy for handle in (worker.connection, worker.process.sentinel)], timeout)
        for worker in busy:
            try:
                while worker.connection.poll():
                    self._done(worker, *worker.connection.recv())
            except (EOFError, ConnectionResetError):
                pass  # it died: is_alive says so
            if not worker.process.is_alive():
                self._lost(worker, self._death(worker.process.exitcode), worker.doing())
            elif ((doing := worker.doing()) and time.monotonic() - doing[1] > budget
                  and worker.doing() == doing):  # read again: the worker may have been between two writes
                self._lost(worker, self._budget.timed_out() if doing[0] != WRITING
                           else f"writing a chunk took longer than {budget:g} s", doing)

    def _done(self, worker: _Worker, number: int, failures: list[tuple[str, str, str]]) -> None:
        chunk = worker.assigned.popleft()
        assert chunk.number == number, (chunk.number, number)
        self._documents_file(chunk).unlink()
        by_sha = {document[0]: document for document in chunk.documents}
        for sha, _, reason in failures:
            self._quarantine(by_sha[sha], reason)
        self._progress.add(len(chunk.documents), len(failures))
        self._progress.log()

    @staticmethod
    def _death(exitcode: int | None) -> str:
        if exitcode is not None and exitcode < 0:
            name = signal.Signals(-exitcode).name
            if -exitcode == signal.SIGKILL:
                return f"parse worker was killed ({name}, as the kernel's out-of-memory killer does)"
            return f"parse worker died of {name}"
        return f"parse worker exited with code {exitcode}"

    def _lost(self, worker: _Worker, reason: str, doing: tuple[int, float] | None) -> None:
        """A worker died or is over its budget (`doing`: what it was on): the document it was
        on is quarantined and a new worker takes the rest of its chunks."""
        worker.stop(kill=True)
        lost, *queued = worker.assigned
        shutil.rmtree(self._dir(lost), ignore_errors=True)
        self._documents_file(lost).unlink()
        if doing is not None and doing[0] != WRITING:
            culprit = lost.documents[doing[0]]
            log.warning("extract: %s: %s", culprit[1], reason)
            self._quarantine(culprit, reason)
            self._progress.add(1, 1)
            redo = self._chunk([document for document in lost.documents if document is not culprit])
        elif lost.unblamed:
            raise RuntimeError(f"extract: parse workers were lost twice on a chunk ({reason}), "
                               "neither time on a document")
        else:
            log.warning("extract: %s; parsing its chunk again", reason)
            redo = self._chunk(lost.documents, lost.unblamed + 1)
        self._again.extend(chunk for chunk in (redo, *queued) if chunk.documents)
        self._workers[self._workers.index(worker)] = self._new_worker()

    def close(self, failed: bool) -> None:
        for worker in self._workers:
            worker.stop(kill=failed)
        shutil.rmtree(self._inputs)


def split(pending: list, chunk_reports: int) -> list[list]:
    """The pending documents in chunks of `chunk_reports`, oldest first."""
    return [pending[i:i + chunk_reports] for i in range(0, len(pending), chunk_reports)]


def fresh_partial(batch_dir: Path) -> Path:
    """An empty folder beside `batch_dir` to write a batch into, renamed to `batch_dir` once
    complete: a batch from a killed run is redone, never mixed with this one."""
    shutil.rmtree(batch_dir, ignore_errors=True)
    partial = batch_dir.with_name(batch_dir.name + ".partial")
    for leftover in (partial, partial.with_name(partial.name + ".inputs")):
        shutil.rmtree(leftover, ignore_errors=True)
    partial.mkdir(parents=True)
    return partial


def quarantine_failure(con: duckdb.DuckDBPyConnection, run_id: str, sha: str, source_file: str, reason: str) -> None:
    audit.quarantine(con, run_id, source_file=source_file, content_sha256=sha, stage=STAGE, reason=reason)


def extract_pending(con: duckdb.DuckDBPyConnection, batch_dir: Path, run_id: str, workers: int = 1,
                    meanwhile: Callable[[], None] | None = None, chunk_reports: int = 200,
                    budget: ParseBudget = ParseBudget(), parse: Parse = parse_document) -> dict[str, int]:
    """Parse every pending document into `batch_dir`; a document that fails or goes over its
    `budget` is quarantined, not fatal. `meanwhile` is called once, when the last chunk went to
    the workers (never when nothing is pending): what it loads overlaps only the parsing of the
    last chunks, in time and in memory. `parse` is what a worker runs on each document."""
    pending = pending_documents(con)
    chunks = split(pending, chunk_reports)
    partial = fresh_partial(batch_dir)
    progress = _Progress(len(pending))

    def quarantine(document: Document, reason: str) -> None:
        sha, source_file, _, _ = document
        quarantine_failure(con, run_id, sha, source_file, reason)

    def loaded() -> Iterator[list[Document]]:
        for chunk in chunks:
            yield documents(con, [sha for sha, _ in chunk])
        if meanwhile:
            meanwhile()

    if chunks:
        # Every parse runs in a worker, also with one chunk or one core: only a worker can be
        # stopped when a document takes it over its budget.
        _parse_in_pool(loaded(), _Pool(max(1, min(workers, len(chunks))), budget, parse, partial, run_id,
                                       quarantine, progress))
    partial.rename(batch_dir)
    return {"extracted": progress.done - progress.quarantined, "quarantined": progress.quarantined}


def parse_documents(chunk: list[Document], out_dir: Path, run_id: str, budget: ParseBudget = ParseBudget(),
                    parse: Parse = parse_document) -> list[tuple[str, str, str]]:
    """Parse one chunk into chunk folders of the batch format under `out_dir` (a new folder),
    in one worker watched as `extract_pending` watches its workers; return (sha, source file,
    reason) of each document quarantined. What a task of an orchestrator runs on its chunk.

    The worker is forked, not spawned: a task's process holds no DuckDB connection (the reason
    the pool spawns), and a spawned worker would first import the task's main module, the
    orchestrator's command, and load the parser again where the fork inherits it warm."""
    failures: list[tuple[str, str, str]] = []
    warm_up(parse)
    # A task's process that Airflow forked from a Celery pool process inherits that process's
    # flag of a daemonic child, which forbids children; it is no pool process itself, and its
    # worker dies with it (die_with).
    multiprocessing.current_process().daemon = False
    out_dir.mkdir(parents=True)
    _parse_in_pool(iter([chunk]), _Pool(1, budget, parse, out_dir, run_id,
                                        lambda document, reason: failures.append((document[0], document[1], reason)),
                                        _Progress(len(chunk)), start="fork"))
    return failures


def _parse_in_pool(chunks: Iterator[list[Document]], pool: _Pool) -> None:
    failed = True
    try:
        pool.run(chunks)
        failed = False
    finally:
        pool.close(failed)
