"""A Streamlit dashboard on the published warehouse: `make dashboard`.

`queries` and `story` are plain functions of a DuckDB connection, so tests and notebooks can
use them without Streamlit; `app` and `views/` (its pages) are the UI.
"""
