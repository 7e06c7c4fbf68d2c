"""Where a pipeline run reads and writes, from the environment with project-local defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_BYTES_DEFAULT = 20 * 1024 * 1024


# These settings are read where no Settings reaches, so they are functions rather than fields:
# builddb.connect is given a path alone by every stage, the CLI and the tests; jieba's tokenizer
# and the conversion cache live for a whole worker process, whichever run it serves; and the
# converters' limits are read at each call, so a test or an operator changes them without a restart.
def cache_dir() -> Path:
    """Where re-creatable results are kept: jieba's dictionary cache, converted documents' text."""
    return Path(os.environ.get("REPORTS_CACHE_DIR") or PROJECT_ROOT / ".cache")


def duckdb_memory_limit() -> str:
    """DuckDB's memory bound; dbt's profile reads the same variable, so both connections to the
    build database agree."""
    return os.environ.get("REPORTS_DUCKDB_MEMORY_LIMIT", "512MB")


def positive_number(variable: str, default: float) -> float:
    """A limit of the converters (`REPORTS_CONVERT_SECONDS`, `REPORTS_OCR_WORKERS` …); the
    default when the variable is unset, not a number or not positive."""
    try:
        value = float(os.environ.get(variable) or default)
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Settings:
    inbox: Path
    warehouse: Path
    work_dir: Path
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"
    gx_project_dir: Path = PROJECT_ROOT / "expectations"
    max_file_bytes: int = MAX_FILE_BYTES_DEFAULT
    sources: Path = PROJECT_ROOT / "sources.yml"
    # Processes parsing reports in parallel; the staging load stays a single writer.
    workers: int = os.cpu_count() or 1
    # Reports a worker parses (and holds in memory) at a time.
    chunk_reports: int = 200
    # What one document's parse may cost before its worker is stopped and it is quarantined:
    # seconds, and memory on top of what the worker held before it. 512 MB parses a 10 MB page
    # (a real report is under 1 MB) and keeps a run on the hostile corpus under 1.5 GB, which
    # 1024 MB did not (bench/results/hostile.md).
    parse_timeout: float = 60.0
    parse_memory_mb: int = 512
    # Where an orchestrator's parse tasks find their chunks and leave their rows (an Airflow
    # ObjectStoragePath: file://, s3://, gs://); None: `chunks` in the work dir.
    chunk_store_url: str | None = None
    # How long any one task of the DAG may run before Airflow stops it.
    task_timeout: float = 3600.0
    # Who hears of a DAG task that failed for good: a URL that gets a JSON POST, an address
    # that gets a mail through Airflow's `smtp_default` connection. Neither: nobody.
    notify_webhook: str | None = None
    notify_email: str | None = None

    @property
    def build_db(self) -> Path:
        # The build database lives beside the batches, never at the published path:
        # readers of the warehouse must not see a file that is being written.
        return self.work_dir / "build.duckdb"

    @property
    def batches_dir(self) -> Path:
        return self.work_dir / "batches"

    @property
    def pending_batch(self) -> Path:
        """The batch the extract stage writes and the staging load reads."""
        return self.batches_dir / "pending"

    @property
    def chunk_store(self) -> str:
        return self.chunk_store_url or (self.work_dir / "chunks").as_uri()

    @property
    def gx_results_dir(self) -> Path:
        """GX validation results and Data Docs of this warehouse's runs."""
        return self.work_dir / "gx"

    @classmethod
    def from_env(cls, inbox: str | os.PathLike | None = None,
                 warehouse: str | os.PathLike | None = None,
                 work_dir: str | os.PathLike | None = None) -> Settings:
        inbox_path = Path(inbox or os.environ.get("REPORTS_INBOX") or PROJECT_ROOT / "data" / "inbox")
        warehouse_path = Path(warehouse or os.environ.get("REPORTS_WAREHOUSE")
                              or PROJECT_ROOT / "warehouse" / "reports.duckdb")
        # Each warehouse gets its own work dir by default so test runs never share state.
        default_work = warehouse_path.parent / f".{warehouse_path.stem}.build"
        work_path = Path(work_dir or os.environ.get("REPORTS_WORK_DIR") or default_work)
        max_bytes = int(os.environ.get("REPORTS_MAX_FILE_BYTES", MAX_FILE_BYTES_DEFAULT))
        sources = Path(os.environ.get("REPORTS_SOURCES") or PROJECT_ROOT / "sources.yml")
        workers = int(os.environ.get("REPORTS_WORKERS") or os.cpu_count() or 1)
        chunk_reports = int(os.environ.get("REPORTS_CHUNK_REPORTS") or cls.chunk_reports)
        parse_timeout = float(os.environ.get("REPORTS_PARSE_TIMEOUT") or cls.parse_timeout)
        parse_memory_mb = int(os.environ.get("REPORTS_PARSE_MEMORY_MB") or cls.parse_memory_mb)
        return cls(inbox=inbox_path.resolve(), warehouse=warehouse_path.resolve(),
                   work_dir=work_path.resolve(), max_file_bytes=max_bytes, sources=sources.resolve(),
                   workers=max(1, workers), chunk_reports=max(1, chunk_reports),
                   parse_timeout=parse_timeout, parse_memory_mb=parse_memory_mb,
                   chunk_store_url=os.environ.get("REPORTS_CHUNK_STORE") or None,
                   task_timeout=float(os.environ.get("REPORTS_TASK_TIMEOUT") or cls.task_timeout),
                   notify_webhook=os.environ.get("REPORTS_NOTIFY_WEBHOOK") or None,
                   notify_email=os.environ.get("REPORTS_NOTIFY_EMAIL") or None)
