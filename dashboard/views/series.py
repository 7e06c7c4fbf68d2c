"""Series: one canonical indicator over the years for one or more organisations."""
from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import queries
from dashboard.warehouse import connect, settings

ANY_DISTRICT = "(any district)"
# Beyond this many lines a chart stops being readable; the user can add more by hand.
DEFAULT_ORGANIZATIONS = 8

st.title("Series")
st.caption("Figures from marts.org_year_indicator: one per organisation, year, indicator and measure.")

with connect(settings().warehouse) as con:
    indicators = queries.series_indicators(con)
    if indicators.empty:
        st.info("No figure is matched to a canonical indicator yet.")
        st.stop()
    labels = {row.indicator_code: f"{row.name_zh} · {row.name_en} ({row.n_organizations} organisations)"
              for row in indicators.itertuples()}
    indicator = st.selectbox("Indicator", list(labels), format_func=labels.get, key="indicator")
    organizations = queries.series_organizations(con, indicator)

    districts = sorted(organizations.district.dropna().unique())
    district = st.selectbox("Compare the organisations of one district", [ANY_DISTRICT, *districts],
                            key="district")
    if district != ANY_DISTRICT:
        organizations = organizations[organizations.district == district]
    names = dict(zip(organizations.org_id, organizations.label))
    chosen = st.multiselect("Organisations", list(names), default=list(names)[:DEFAULT_ORGANIZATIONS],
                            format_func=names.get, key=f"organizations-{indicator}-{district}")
    points = queries.series_points(con, indicator, chosen)

if points.empty:
    st.info("Pick at least one organisation.")
    st.stop()

tooltip = ["org_name", "year", "value", "unit", "qualifier", "scope", "report", "raw_text", "metric_id"]
year = alt.X("year:O", title="Year")
organization = alt.Color("org_name:N", title="Organisation")
unit = indicators.set_index("indicator_code").unit[indicator]

st.subheader("Levels")
levels = points[points.measure == "level"]
if levels.empty:
    st.info("No level of this indicator for these organisations.")
else:
    st.altair_chart(alt.Chart(levels).mark_line(point=alt.OverlayMarkDef(size=90)).encode(
        x=year, y=alt.Y("value:Q", title=unit), color=organization,
        shape=alt.Shape("qualifier:N", title="Qualifier"), tooltip=tooltip), width="stretch")

st.subheader("Growth rates")
changes = points[points.measure == "change"]
if changes.empty:
    st.info("No growth rate (measure = change) of this indicator for these organisations.")
else:
    st.altair_chart(alt.Chart(changes).mark_bar().encode(
        x=year, xOffset="org_name:N", y=alt.Y("value:Q", title="change (signed)"), color=organization,
        tooltip=tooltip), width="stretch")

st.subheader("Every figure")
points["story"] = "/story?metric=" + points.metric_id
st.dataframe(points.drop(columns=["report_id"]), hide_index=True,
             column_config={"story": st.column_config.LinkColumn("story", display_text="how it was read"),
                            "year": st.column_config.NumberColumn(format="%d")})
