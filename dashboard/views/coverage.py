"""Coverage: which organisations report, where they are, which years, and how much each report gives."""
from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import queries
from dashboard.warehouse import connect, settings

st.title("Coverage")

with connect(settings().warehouse) as con:
    by_place = queries.organizations_by_place(con)
    by_level = queries.organizations_by_level(con)
    per_year = queries.reports_per_year(con)
    reports = queries.report_coverage(con)

counts = st.columns(3)
counts[0].metric("Organisations", int(by_place.n_organizations.sum()))
counts[1].metric("Reports", len(reports))
counts[2].metric("Headline figures", int(reports.n_headline.sum()))

left, right = st.columns(2)
with left:
    st.subheader("Organisations by level")
    st.altair_chart(alt.Chart(by_level).mark_bar().encode(
        x=alt.X("n_organizations:Q", title="organisations", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("org_level:N", title=None, sort="-x"), tooltip=["org_level", "n_organizations"]),
        width="stretch")
with right:
    st.subheader("Reports per year")
    st.altair_chart(alt.Chart(per_year).mark_bar().encode(
        x=alt.X("report_year:O", title="year under review"),
        y=alt.Y("sum(n_reports):Q", title="reports", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("doc_type:N", title="document type"),
        tooltip=["report_year", "doc_type", "n_reports"]), width="stretch")

st.subheader("Organisations by place")
st.caption("Province → city → district; (unknown) where the reports do not say and the division data cannot tell.")
st.dataframe(by_place, hide_index=True)

st.subheader("Headline figures per report")
st.caption("n_canonical: metrics naming a canonical indicator; n_headline: figures the report gives the "
           "series (one per indicator and measure).")
st.altair_chart(alt.Chart(reports).mark_bar().encode(
    x=alt.X("n_headline:Q", title="headline figures"), y=alt.Y("report:N", title=None, sort="-x"),
    color=alt.Color("org_name:N", title="Organisation"),
    tooltip=["report", "org_name", "report_year", "n_metrics", "n_canonical", "n_headline"]), width="stretch")
st.dataframe(reports, hide_index=True, column_config={"report_year": st.column_config.NumberColumn(format="%d")})
