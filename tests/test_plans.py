"""Plans across the archive, over real HTTP on hand-written reports of two years: what the next report says of
each plan, with the sentence that counts; /plans/ filtered and exported; an archivist's correction kept through
recomputation."""

import pytest
from django.urls import reverse

from reports.models import Plan, Report
from reports.services.ingest import ingest_text
from reports.services.upkeep import reparse_report

pytestmark = pytest.mark.django_db

FIRST = (
    "青石县柳湾镇2021年工作总结\n一、主要工作\n粮食生产稳定。\n二、存在的问题\n一是产业链条短。\n"
    "三、2022年工作打算\n（一）新建村级文化广场三处。\n（二）推进人居环境整治。\n（三）加强干部队伍建设。\n"
)
SECOND = (
    "青石县柳湾镇2022年工作总结\n一、主要工作\n完成道路硬化12公里。全年新建村级文化广场三处，群众文化生活更加丰富。\n"
    "二、存在的问题\n一是基础设施薄弱。\n三、2023年工作打算\n（一）深入推进人居环境整治提升。\n（二）抓好安全生产。\n"
)


@pytest.fixture
def two_years(db):
    return ingest_text(FIRST), ingest_text(SECOND)


def statuses(report: Report) -> list[tuple[str, str, str]]:
    return list(report.plans.order_by("order").values_list("title", "follow_up", "evidence"))


def test_each_plan_is_judged_by_the_next_report_with_its_evidence(two_years):
    first, second = two_years
    assert statuses(first) == [
        ("新建村级文化广场三处", "done", "全年新建村级文化广场三处，群众文化生活更加丰富。"),
        ("推进人居环境整治", "again", "深入推进人居环境整治提升"),
        ("加强干部队伍建设", "not_mentioned", ""),
    ]
    assert {status for _, status, _ in statuses(second)} == {"no_next_report"}
    assert first.plans.get(follow_up="done").evidence_report_id == second.pk


def test_the_plans_list_filters_by_follow_up_shows_the_evidence_and_exports(client, two_years):
    first, second = two_years
    html = client.get("/plans/", {"follow_up": "done"}).content.decode()
    assert "新建村级文化广场三处" in html and "加强干部队伍建设" not in html
    assert "全年新建村级文化广场三处，群众文化生活更加丰富。" in html and f'href="/reports/{second.pk}/"' in html
    facets = client.get("/plans/").content.decode()
    assert 'data-filter="follow_up"' in facets and "次年报告未提及" in facets and "无次年报告" in facets
    data = client.get("/plans/", {"follow_up": "not_mentioned", "format": "json"}).json()
    assert [(row["title"], row["follow_up"], row["year"]) for row in data["results"]] == [
        ("加强干部队伍建设", "次年报告未提及", 2021)
    ]
    csv = b"".join(client.get("/plans/", {"format": "csv"}).streaming_content).decode()
    assert csv.startswith("\ufeff编号,计划,乡镇") and "次年报告已落实" in csv
    township = client.get(f"/townships/{first.township_id}/").content.decode()
    assert "逐年逐项查看" in township and "群众文化生活更加丰富" in township
    assert client.get("/plans/", {"follow_up": "nonsense"}).status_code == 400


def test_an_archivist_s_correction_survives_recomputation_and_can_be_handed_back(admin_client, two_years):
    first, second = two_years
    plan = first.plans.get(title="加强干部队伍建设")
    url = reverse("admin:reports_plan_change", args=[plan.pk])
    response = admin_client.post(url, {"follow_up": "done", "_save": "保存"})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert (plan.follow_up, plan.follow_up_checked) == ("done", True)
    reparse_report(Report.objects.get(pk=second.pk))  # the township's plans are judged again
    plan.refresh_from_db()
    assert (plan.follow_up, plan.follow_up_checked) == ("done", True)
    reparse_report(Report.objects.get(pk=first.pk))  # its own report re-parsed: its rows are made anew
    plan = first.plans.get(title="加强干部队伍建设")
    assert (plan.follow_up, plan.follow_up_checked) == ("done", True)
    url = reverse("admin:reports_plan_change", args=[plan.pk])
    assert "人工核定" in admin_client.get("/plans/", {"follow_up": "done"}).content.decode()
    admin_client.post(url, {"follow_up": "", "_save": "保存"})  # handed back to the computation
    plan.refresh_from_db()
    assert (plan.follow_up, plan.follow_up_checked) == ("not_mentioned", False)
    assert Plan.objects.filter(follow_up_checked=True).count() == 0
