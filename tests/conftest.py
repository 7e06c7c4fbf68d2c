import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extract.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
GOLD = FIXTURES / "gold"


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seed_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    return inbox


@pytest.fixture
def settings(tmp_path: Path, seed_inbox: Path) -> Settings:
    return Settings.from_env(inbox=seed_inbox, warehouse=tmp_path / "wh" / "reports.duckdb")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Settings:
    """One real CLI run over the seed reports, shared by the read-only end-to-end tests."""
    root = tmp_path_factory.mktemp("published")
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    settings = Settings.from_env(inbox=inbox, warehouse=root / "wh" / "reports.duckdb")
    done = run_cli("run", "--inbox", str(inbox), "--warehouse", str(settings.warehouse))
    assert done.returncode == 0, done.stderr
    return settings
