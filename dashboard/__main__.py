"""`python -m dashboard [--port N] [--warehouse PATH]`: serve the app on 127.0.0.1 only.

The server flags live here so `make dashboard` and the browser test start the same server.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from extract.settings import Settings

APP = Path(__file__).with_name("app.py")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--warehouse", help="published DuckDB file (default: REPORTS_WAREHOUSE or Settings')")
    args = parser.parse_args(argv)
    if args.warehouse:
        os.environ["REPORTS_WAREHOUSE"] = str(Path(args.warehouse).resolve())
    print(f"dashboard on http://127.0.0.1:{args.port} (warehouse {Settings.from_env().warehouse}; Ctrl-C stops it)",
          flush=True)
    # Headless: no browser to open and no e-mail prompt; no usage statistics (the machines reach
    # package registries only); the viewer toolbar, without Streamlit's deploy button.
    os.execv(sys.executable, [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", "127.0.0.1", "--server.port", str(args.port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"])


if __name__ == "__main__":
    main()
