"""The coverage grid at a province's size: 1,500 townships in 50 counties, reports over 20 years. The home
page lists the counties (a page a phone can hold); each county opens on its own page."""

import hashlib

import pytest

from reports.models import Report, Township

pytestmark = pytest.mark.django_db

COUNTIES, PER_COUNTY, YEARS = 50, 30, range(2005, 2025)


@pytest.fixture
def province():
    townships = Township.objects.bulk_create(
        Township(name=f"第{t}镇", county=f"第{c}县") for c in range(COUNTIES) for t in range(PER_COUNTY)
    )
    reports = []
    for n, township in enumerate(townships):
        for year in (YEARS[n % 20], YEARS[(n + 7) % 20]):  # two years each, every year covered
            text = f"{township.county}{township.name}{year}年工作总结"
            digest = hashlib.sha256(text.encode()).hexdigest()
            reports.append(Report(township=township, county=township.county, year=year, text=text, sha256=digest))
    Report.objects.bulk_create(reports)
    return townships


def test_the_home_page_of_a_province_lists_its_counties_not_its_townships(client, province):
    html = client.get("/").content.decode()
    assert html.count('<a href="/coverage/?county=') == COUNTIES
    assert "第0镇" not in html and len(html) < 120_000  # 1,500 rows would be over a megabyte
    assert all(f'<th scope="col">{year}</th>' in html for year in YEARS)


def test_a_county_page_lists_each_of_its_townships_with_its_years(client, province):
    html = client.get("/coverage/", {"county": "第7县"}).content.decode()
    assert html.count('<a href="/townships/') == PER_COUNTY
    assert "30 个乡镇" in html and "第8县" not in html.split("<main", 1)[1]
