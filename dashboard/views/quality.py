"""Quality: the latest runs and their stages, quarantined files, unmatched indicators, docs sites."""
from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.warehouse import connect, docs_sites, settings

st.title("Quality")

with connect(settings().warehouse) as con:
    runs = queries.latest_runs(con)
    stages = queries.stage_runs(con, runs.run_id.iloc[0]) if not runs.empty else None
    quarantined = queries.quarantine(con)
    unmatched = queries.unmatched_indicators(con)

st.subheader("Latest runs")
if runs.empty:
    st.info("No run is recorded in audit.pipeline_runs.")
else:
    latest = runs.iloc[0]
    st.markdown(f"Latest run **{latest.run_id}**: {latest.status}, {latest.metrics} metrics from "
                f"{latest.loaded} reports loaded, {latest.quarantined} quarantined.")
    st.dataframe(runs, hide_index=True)
    st.markdown("**Its stages** (audit.stage_runs)")
    st.dataframe(stages, hide_index=True)

st.subheader(f"Quarantined files ({len(quarantined)})")
if quarantined.empty:
    st.success("No file is quarantined.")
else:
    st.dataframe(quarantined, hide_index=True)

st.subheader(f"Unmatched indicators ({len(unmatched)})")
st.caption("Phrasings no canonical indicator covers yet, most frequent first: the curators' list "
           "(marts.review_unmatched_indicators; add phrasings to dbt_project/seeds/indicator_phrases.csv).")
st.dataframe(unmatched, hide_index=True)

st.subheader("Documentation")
for name, path in docs_sites(settings()).items():
    if path is None:
        st.markdown(f"**{name}**: not generated")
    else:
        # Browsers do not follow file:// links from an http page: the path is there to copy.
        st.markdown(f"**{name}**: [{path}]({path.as_uri()}) · `{path}`")
