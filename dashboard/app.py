"""The dashboard's entry point: `make dashboard`, or
`streamlit run dashboard/app.py --server.address 127.0.0.1` (REPORTS_WAREHOUSE picks the file)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.warehouse import settings

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="Reports warehouse", page_icon="📊", layout="wide")
navigation = st.navigation([
    st.Page(PAGES / "series.py", title="Series", icon="📈", url_path="series", default=True),
    st.Page(PAGES / "coverage.py", title="Coverage", icon="🗺️", url_path="coverage"),
    st.Page(PAGES / "number_story.py", title="A number's story", icon="🔎", url_path="story"),
    st.Page(PAGES / "quality.py", title="Quality", icon="✅", url_path="quality"),
])
warehouse = settings().warehouse
st.sidebar.caption(f"Warehouse: `{warehouse}`")
if not warehouse.is_file():
    st.error(f"No published warehouse at {warehouse}: run `make run` first, or set REPORTS_WAREHOUSE.")
    st.stop()
navigation.run()
