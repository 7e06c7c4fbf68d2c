"""jieba at work on the text: keywords by TF-IDF over the warehouse and topic shares, read
from the published sample warehouse."""
import os
import subprocess
import sys

import duckdb
import pytest

from extract.parse.segment import Segmented
from extract.parse.terms import stopwords, term_counts


def test_term_counts_keep_content_words_and_drop_stopwords():
    counts = dict(term_counts(Segmented.of("一是加强党员教育,开展党员活动。二是推进老旧小区改造工作。")))
    assert counts["党员"] == 2 and "老旧小区改造" in counts
    assert not {"一是", "二是", "工作", "开展", "推进", "加强"} & counts.keys()


def _by_report(con, sql):
    rows = con.execute(sql).fetchall()
    found = {}
    for source_file, *rest in rows:
        found.setdefault(source_file[:3], []).append(tuple(rest) if len(rest) > 1 else rest[0])
    return found


@pytest.mark.integration
def test_keywords_name_what_each_report_is_about(published):
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        keywords = _by_report(con, "select r.source_file, k.term from marts.report_keywords k "
                                   "join marts.dim_report r using (report_id) order by k.keyword_rank")
    assert all(len(terms) == 10 for terms in keywords.values())
    assert not stopwords() & {term for terms in keywords.values() for term in terms}
    assert {"疫情", "战疫"} & set(keywords["000"])        # the 2020 report of a COVID-hit community
    assert "党员" in keywords["002"]
    assert "花山" in keywords["004"]                        # the street's own name, in no other report


@pytest.mark.integration
def test_topic_shares_add_up_and_land_where_a_reader_would_put_them(published):
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        shares = _by_report(con, "select r.source_file, t.topic_code, t.share from marts.report_topics t "
                                 "join marts.dim_report r using (report_id) order by t.share desc")
        topics = {r[0] for r in con.execute("select topic_code from marts.dim_topic").fetchall()}
    for report, rows in shares.items():
        assert abs(sum(share for _, share in rows) - 1) < 0.01, report
        assert {code for code, _ in rows} <= topics | {"unclassified"}
    share = {report: dict(rows) for report, rows in shares.items()}
    assert share["000"].get("epidemic_control", 0) > 0.1     # 2020, the year of 战疫
    assert share["002"].get("party_building", 0) > 0.2       # opens with a long 党建 chapter
    assert "economic_development" in share["003"]            # 优化营商环境,打造数字经济高地
    assert len(topics) >= 11


def test_jieba_keeps_its_cache_in_the_project_cache_dir(tmp_path):
    env = {**os.environ, "REPORTS_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", "from extract.parse.segment import tokenizer; tokenizer()"],
                   env=env, check=True, capture_output=True)
    assert list((tmp_path / "jieba").glob("jieba*.cache"))


@pytest.mark.integration
def test_seed_sections_land_in_the_topic_a_reader_would_choose(published):
    expected = {
        ("002", "(二)疫情防控措施有力"): "epidemic_control",
        ("002", "(六)经济实力稳步增强"): "economic_development",
        ("002", "(七)环境保护成效显著"): "ecology",
        ("002", "(八)社会事业均衡发展"): "livelihood",
        ("002", "(十)安全生产监管有力"): "work_safety",
        ("003", "(一)优化营商环境,打造数字经济高地"): "economic_development",
        ("003", "(七)旧貌换新颜,不断夯实老旧小区改造基础"): "urban_management",
        ("003", "7、加强社区党建工作"): "party_building",
    }
    with duckdb.connect(str(published.build_db), read_only=True) as con:
        found = {(source[:3], heading): topic for source, heading, topic in con.execute(
            "select r.source_file, s.heading, t.topic_code from intermediate.int_section_topics t "
            "join stg.stg_sections s using (report_id, section_ordinal) join stg.stg_reports r using (report_id)"
        ).fetchall()}
    assert {key: found.get(key) for key in expected} == expected
