"""The dashboard's entry point: `make dashboard`, or
`streamlit run dashboard/app.py --server.address 127.0.0.1` (REPORTS_WAREHOUSE picks the file)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.warehouse import settings

VIEWS = Path(__file__).parent / "views"

st.set_page_config(page_title="Reports warehouse", layout="wide")
navigation = st.navigation([
    st.Page(VIEWS / "series.py", title="Series", icon=":material/show_chart:", default=True),
    st.Page(VIEWS / "coverage.py", title="Coverage", icon=":material/map:", url_path="coverage"),
    st.Page(VIEWS / "number_story.py", title="A number's story", icon=":material/manage_search:", url_path="story"),
    st.Page(VIEWS / "quality.py", title="Quality", icon=":material/fact_check:", url_path="quality"),
])
warehouse = settings().warehouse
st.sidebar.caption(f"Warehouse: `{warehouse}`")
if not warehouse.is_file():
    st.error(f"No published warehouse at {warehouse}: run `make run` first, or set REPORTS_WAREHOUSE.")
    st.stop()
navigation.run()
