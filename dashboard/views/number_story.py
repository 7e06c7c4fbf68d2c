"""A number's story: the sentence a metric was read from, its fields, section and report."""
from __future__ import annotations

import streamlit as st

from dashboard import queries, story
from dashboard.warehouse import connect, settings

st.title("A number's story")
st.caption("The same audit as `python -m extract explain`, rebuilt from the published warehouse.")

with connect(settings().warehouse) as con:
    reports = queries.reports(con)
    if reports.empty:
        st.info("The warehouse has no report.")
        st.stop()
    # A link from another page (?metric=…) opens that metric's report and the metric itself.
    linked = st.query_params.get("metric")
    linked_report = queries.metric_report_id(con, linked) if linked else None
    titles = dict(zip(reports.report_id, reports.report + " · " + reports.org_name.fillna("?")))
    report_ids = list(titles)
    report_id = st.selectbox("Report", report_ids, format_func=titles.get,
                             index=report_ids.index(linked_report) if linked_report else 0)
    metrics = queries.report_metrics(con, report_id)
    if metrics.empty:
        st.info("No metric was read from this report.")
        st.stop()
    labels = {row.metric_id: f"#{row.metric_ordinal} {row.raw_text} · {row.indicator or '(no indicator)'}"
              for row in metrics.itertuples()}
    metric_ids = list(labels)
    metric_id = st.selectbox("Metric", metric_ids, format_func=labels.get,
                             index=metric_ids.index(linked) if linked in labels else 0)
    row = queries.metric(con, metric_id)
    parsed = story.parsed_report(con, report_id)

st.query_params["metric"] = metric_id
metric = next(m for m in parsed.metrics if m.ordinal == row["metric_ordinal"])

st.subheader("The sentence")
st.markdown(f"<div style='font-size:1.25rem;line-height:2'>{story.highlighted(story.sentence(parsed, metric))}</div>",
            unsafe_allow_html=True)
st.markdown(f"**Section:** {metric.section_path or '(before the first heading)'}")
st.markdown(f"**Report:** {row['report']} · {row['org_name'] or '?'} · {row['report_year'] or 'year not stated'} "
            f"· file `{row['source_file']}` · read as {row['read_as']}")

st.subheader("Fields")
fields = {**story.fields(metric), "measure": metric.measure, "direction": metric.direction,
          "indicator_code": row["indicator_code"], "metric_id": metric_id}
st.table({"field": list(fields), "value": ["" if value is None else str(value) for value in fields.values()]})

with st.expander("The whole report as `python -m extract explain` prints it"):
    st.code(story.audit(parsed), language=None)
