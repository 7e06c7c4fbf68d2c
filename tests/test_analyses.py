"""Every example query in analyses/ runs on the sample warehouse and gives what the reports say."""
import duckdb
import pytest

from extract.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

ANALYSES = PROJECT_ROOT / "analyses"


def run(published, name: str) -> list[tuple]:
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        return con.execute((ANALYSES / name).read_text(encoding="utf-8")).fetchall()


@pytest.mark.parametrize("path", sorted(ANALYSES.glob("*.sql")), ids=lambda p: p.name)
def test_every_analysis_runs_and_answers(published, path):
    assert run(published, path.name)


def test_budget_revenue_by_organisation_and_year(published):
    revenue = {(org, year): wan for org, _, _, year, wan, *_ in run(published, "budget_revenue_by_org_year.sql")}
    # 000: 2020 年全年完成地方一般公共预算收入 3517 万元. 002 gives only 1至10月完成地方财政一般预算收入
    # 1548万元 and 003 截至2021年9月底…一般公共预算收入完成任务9941.92万元: part of a year is not its value.
    assert ("清水河街道", 2021) not in revenue and ("百花洲街道", 2021) not in revenue
    assert revenue[("常青花园社区管理办公室", 2020)] == 3517.0


def test_petitions_per_district(published):
    rows = run(published, "petitions_per_district.sql")
    petitions = {(district, indicator): cases for district, _, indicator, _, cases in rows}
    # 002 (金安区): 受理信访案件15件; 查处人民群众来信来访及污染纠纷38起 counts what the head of
    # the phrase, its last member, names: disputes (水12起, 气14起, 声12起 break them down),
    # beside 调处成功矛盾纠纷455例.
    assert petitions[("金安区", "信访件")] == 15.0
    assert petitions[("金安区", "矛盾纠纷")] == 38.0 + 12.0 + 14.0 + 12.0 + 455.0
    assert all(cases > 0 for *_, cases in rows)


def test_topic_shares(published):
    shares = {org: (epidemic, economy) for org, _, epidemic, economy in run(published, "topic_share_epidemic_vs_economy.sql")}
    assert shares["常青花园社区管理办公室"][0] > shares["花山街道"][0]  # 2020 vs 2024
    assert all(0 <= a <= 1 and 0 <= b <= 1 for a, b in shares.values())
