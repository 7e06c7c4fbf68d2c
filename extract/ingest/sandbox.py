"""Outside programs (LibreOffice, Tesseract, pdftoppm) run on a stranger's file: each in its own
process group with a time limit, a private scratch folder as home, no proxy settings and, where
the kernel allows an unprivileged network namespace (`unshare -rn`), no network at all.

A run that outlives its limit is killed with its whole process group (LibreOffice's launcher
starts soffice.bin as a child: killing the launcher alone would leave the converter running),
and the caller gets an UndecodableError that says which limit was hit, so the file goes to
quarantine and the run goes on. A program that is not installed is an UndecodableError naming
the Debian package that brings it.
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
from pathlib import Path

from extract.ingest.decode import UndecodableError

# What to install when a program is missing, as the reason in audit.quarantine says it.
PACKAGES = {
    "soffice": "libreoffice-writer-nogui libreoffice-calc-nogui",
    "tesseract": "tesseract-ocr tesseract-ocr-chi-sim",
    "pdftoppm": "poppler-utils",
}
# Environment variables a converter never needs and that could send it to the network.
_NAMES = {"soffice": "LibreOffice", "tesseract": "Tesseract OCR", "pdftoppm": "poppler's pdftoppm"}
_DROPPED = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy")
_STDERR_CHARS = 200


def require(program: str, what: str, package: str | None = None) -> str:
    """The path of `program`, or why `what` cannot be read on this machine and which Debian
    package to install."""
    path = shutil.which(program)
    if path is None:
        raise UndecodableError(f"{what} needs {_NAMES.get(program, program)} ({program} is not on PATH): "
                               f"apt-get install {package or PACKAGES.get(program, program)}")
    return path


@functools.lru_cache(maxsize=1)
def _network_jail() -> tuple[str, ...]:
    """`unshare -rn` when this machine lets an unprivileged process make a network namespace
    (a container may not): the converter then sees no network interface but loopback."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()


def run(command: list[str], *, limit: float, scratch: Path, what: str, offline: bool = False,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `command` in `scratch` (its home and working folder) within `limit` seconds.
    Returns the finished process whatever its exit status; raises UndecodableError when the
    limit passed (the process group is killed first)."""
    environment = {k: v for k, v in os.environ.items() if k.lower() not in _DROPPED}
    environment.update({"HOME": str(scratch), "TMPDIR": str(scratch), "LC_ALL": "C.UTF-8"}, **(env or {}))
    argv = [*(_network_jail() if offline else ()), *command]
    process = subprocess.Popen(argv, cwd=scratch, env=environment, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        try:  # a helper that left the group could hold the pipes open: never wait on it for long
            process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        raise UndecodableError(f"{what}: {Path(command[0]).name} did not finish within {limit:g} s "
                               "(a hostile or huge file?); stopped") from None
    finally:
        _kill_group(process)  # whatever it left behind in its group (LibreOffice's helpers)
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def stderr_of(result: subprocess.CompletedProcess) -> str:
    """The last words of a program's error output, for a quarantine reason."""
    lines = [line for line in result.stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and "javaldx" not in line]
    text = " ".join(lines[-2:]).strip()
    return text[-_STDERR_CHARS:] if text else f"exit status {result.returncode}"


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
