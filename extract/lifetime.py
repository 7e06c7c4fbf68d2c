"""Worker processes end with the run that started them: one left behind by a killed run
would go on writing its batch, or holding the build database, under the next run."""
from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); `parent` is the pid
    the parent passed, to catch a parent that died before this call."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
