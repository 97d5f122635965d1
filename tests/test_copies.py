"""The copy check against a real archive on PostgreSQL: fingerprints stored with each report, joined in
the database, runs grown and measured, boilerplate set apart, the command's JSON contract."""

import json
import random
import re

import pytest
from django.core.management import call_command

from reports.models import Fingerprint, Formula, Report
from reports.selectors.copies import check_text
from reports.services.ingest import ingest_text
from tests.copying.test_copying import prose, truly_copied

pytestmark = pytest.mark.django_db


def own_words(seed: int, length: int = 400) -> str:
    return prose(random.Random(seed), length)


def test_every_stored_report_has_its_fingerprints(archive):
    assert all(Fingerprint.objects.filter(report=report).count() > 100 for report in archive)


def test_a_copied_paragraph_is_found_with_its_source_and_measured_exactly(archive):
    source = Report.objects.get(township__name="管仲镇")
    paragraph = source.sections.get(heading="存在的突出问题和改进措施").text[:180]
    text = own_words(1) + paragraph + own_words(2)
    check = check_text(text)
    assert [s.report_id for s in check.sources] == [source.pk]
    assert check.copied_characters == len(truly_copied(text, source.text))
    assert check.ratio == round(check.copied_characters / check.characters, 4)
    passage = check.passages[0]
    assert text[passage.start : passage.end] in source.text[passage.source_start : passage.source_end] or (
        text[passage.start : passage.end].replace("，", "") in source.text.replace("，", "")
    )


def test_a_report_does_not_copy_itself_and_says_whose_it_copies(archive):
    report = Report.objects.get(township__name="管仲镇")
    assert report.pk not in [s.report_id for s in check_text(report.text, exclude=report.pk).sources]
    again = check_text(report.text[:900] + own_words(3), township_id=report.township_id)
    assert again.sources[0].same_township and again.sources[0].report_id == report.pk


def test_a_passage_in_many_townships_reports_is_boilerplate_left_out_of_the_ratio(settings):
    settings.ARCHIVE_BOILERPLATE_TOWNSHIPS = 3
    slogan = "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻落实党的二十大精神"
    for n, name in enumerate(["白杨镇", "红旗乡", "柳湾镇", "石桥乡"]):
        ingest_text(f"{name}2022年工作总结\n{own_words(10 + n)}{slogan}。{own_words(20 + n)}\n")
    text = f"青山镇2022年工作总结\n{own_words(30)}{slogan}。{own_words(31)}\n"
    check = check_text(text)
    assert len(slogan) <= check.boilerplate_characters <= len(slogan) + 2  # a maximal run: a neighbour may match
    assert check.copied_characters == 0 and check.sources == []
    [(start, end)] = check.boilerplate
    assert slogan in text[start - 2 : end + 2] and end - start <= len(slogan) + 3


def test_masked_names_do_not_make_a_copy(archive):
    check = check_text("*" * 40 + own_words(5) + "XX镇" * 10)
    assert check.copied_characters == 0


def test_the_command_prints_the_contract_and_stores_nothing(archive, tmp_path, capsys, settings):
    settings.ARCHIVE_BOILERPLATE_TOWNSHIPS = 100  # the seeds share their slogans: none is boilerplate here
    Formula.objects.all().delete()  # nor a formula of the shipped list
    source = Report.objects.get(township__name="管仲镇")
    path = tmp_path / "新报告.txt"
    text = "石桥乡2023年工作总结\n" + own_words(7) + source.text[200:500] + own_words(8)
    path.write_text(text, encoding="utf-8")
    before = Report.objects.count()
    call_command("copycheck", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"characters", "copied_characters", "ratio", "boilerplate_characters", "sources", "passages"}
    assert set(data["sources"][0]) == {
        "report_id", "title", "township", "year", "copied_characters", "ratio", "same_township"
    }  # fmt: skip
    assert set(data["passages"][0]) == {"start", "end", "text", "report_id", "source_start", "source_end"}
    assert data["sources"][0]["report_id"] == source.pk
    assert data["sources"][0]["copied_characters"] == len(truly_copied(text, source.text))
    assert Report.objects.count() == before


def checked(report: Report) -> Report:
    """What the background worker does once a report is stored: its check, written to the copy map."""
    from reports.services.copies import record_copies

    record_copies([report.pk])
    report.refresh_from_db()
    return report


def test_the_report_page_shows_what_it_copies_and_from_whom(client, archive):
    source = Report.objects.get(township__name="管仲镇")
    copy = checked(ingest_text("石桥乡2023年工作总结\n" + own_words(40) + source.text[300:700] + own_words(41)))
    assert f'href="/reports/{copy.pk}/copies/"' in client.get(f"/reports/{copy.pk}/").content.decode()
    html = client.get(f"/reports/{copy.pk}/copies/").content.decode()
    assert "总文字复制比" in html and f'href="/reports/{source.pk}/"' in html and "其他乡镇" in html
    own = checked(ingest_text("青山镇2023年工作总结\n" + own_words(43) + "\n" + own_words(44)))
    assert "没有发现与其他报告连续 13 字以上相同的段落" in client.get(f"/reports/{own.pk}/copies/").content.decode()


def test_the_upload_preview_shows_the_copy_ratio_before_confirming(editor_client, archive):
    from reports.models import StagedUpload
    from tests.test_uploads import file_url, run_queue, upload

    source = Report.objects.get(township__name="管仲镇")
    batch = upload(
        editor_client, [("抄.txt", ("石桥乡2023年工作总结\n" + source.text[100:600] + own_words(42)).encode())]
    )
    run_queue()
    table = editor_client.get(batch).content.decode()
    assert re.search(r'<td class="copies"[^>]*>\s*\d+\.\d%', table)  # the ratio in the batch's table
    html = editor_client.get(file_url(StagedUpload.objects.get())).content.decode()
    assert "查重：总文字复制比" in html and f"#{source.pk}《" in html  # and its sources on the file's page


def test_a_problem_a_township_reports_year_after_year_is_marked_and_shown_and_filtered(client):
    def report(year: int, problem: str) -> Report:
        problems = f"二、存在的问题\n一是{problem}；二是{own_words(year + 1, 20)}。\n"
        return ingest_text(f"白杨镇{year}年工作总结\n一、主要工作\n{own_words(year)}\n{problems}")

    report(2021, "产业结构单一，带动能力不强")
    report(2022, "产业结构较为单一，带动能力不强")
    third = report(2023, "产业结构单一，龙头企业带动能力不强")
    again = third.issues.get(text__startswith="产业结构")
    assert again.recurring_years == [2021, 2022, 2023]
    assert third.issues.exclude(pk=again.pk).get().recurring_years == []
    page = client.get(f"/townships/{third.township_id}/").content.decode()
    assert "2021、2022、2023 都提到" in page
    listed = client.get("/issues/", {"recurring": "true"})
    assert listed.context["total"] == 3 and "老问题：多年反复提到" in listed.content.decode()


def test_the_report_page_says_what_the_next_year_s_report_made_of_each_plan(client):
    first = ingest_text(
        "红旗乡2022年工作总结\n一、主要工作\n" + own_words(60) + "\n二、存在的问题\n人才短缺。\n"
        "三、2023年工作打算\n（一）持续壮大特色产业，发展肉牛养殖。\n（二）推进人居环境整治。\n（三）加强干部队伍建设。\n"
    )
    ingest_text(
        "红旗乡2023年工作总结\n一、主要工作\n一年来，我们持续壮大特色产业，发展肉牛养殖户120户。\n"
        "二、存在的问题\n资金不足。\n三、2024年工作打算\n（一）深入推进人居环境整治提升。\n（二）抓好安全生产。\n"
    )
    html = client.get(f"/reports/{first.pk}/").content.decode()
    assert (
        html.count("次年报告已落实") == 1 and html.count("次年再次列为计划") == 1 and html.count("次年报告未提及") == 1
    )


def test_a_fingerprint_in_very_many_reports_is_boilerplate_without_reading_them_all(monkeypatch, settings):
    from reports.selectors import copies

    settings.ARCHIVE_BOILERPLATE_TOWNSHIPS = 100  # by townships, nothing would be boilerplate
    monkeypatch.setattr(copies, "CROWDED", 2)
    slogan = "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻落实党的二十大精神"
    for n in range(4):
        ingest_text(f"白杨镇{2019 + n}年工作总结\n{own_words(70 + n)}{slogan}。{own_words(80 + n)}\n")
    check = check_text(f"白杨镇2023年工作总结\n{own_words(90)}{slogan}。{own_words(91)}\n")
    assert len(slogan) <= check.boilerplate_characters <= len(slogan) + 2  # a maximal run: a neighbour may match
    assert check.copied_characters == 0


def test_the_copies_page_marks_the_copied_passages_in_the_text_and_sets_each_source_beside_it(client, archive):
    source = Report.objects.get(township__name="管仲镇")
    lifted = source.text[300:700]
    copy = checked(ingest_text("石桥乡2023年工作总结\n" + own_words(50) + "\n" + lifted + "\n" + own_words(51)))
    html = client.get(f"/reports/{copy.pk}/copies/").content.decode()
    assert '<mark class="copied source-1" title="与来源 [1] 相同">' in html  # numbered as the sources' table
    assert re.search(rf'\[1\]</td><th scope="row"><a href="/reports/{source.pk}/">', html)
    assert "各部分复制比" in html and '<th scope="row">开篇</th>' in html
    part_row = r'<th scope="row">([^<]+)</th><td data-label="字数">(\d+)</td><td data-label="相同字数">(\d+)</td>'
    rows = re.findall(part_row, html)
    parts = copy.sections.filter(level=1).count()
    assert len(rows) == parts and sum(int(n) for _, n, _ in rows) == check_text(copy.text).characters
    assert f'href="/reports/{copy.pk}/copies/{source.pk}/"' in html
    side = client.get(f"/reports/{copy.pk}/copies/{source.pk}/")
    assert side.status_code == 200
    page = side.content.decode()
    assert page.count('<section class="pair"') >= 1 and '<span class="same">' in page
    assert client.get(f"/reports/{copy.pk}/copies/999999/").status_code == 404


def test_fingerprints_rebuilt_from_nothing_are_the_same_and_the_hash_index_is_back(archive):
    from django.db import connection

    from reports.services.upkeep import fingerprint_missing

    before = sorted(Fingerprint.objects.values_list("report", "position", "hash"))
    Fingerprint.objects.all().delete()
    assert fingerprint_missing() == len(archive)
    assert sorted(Fingerprint.objects.values_list("report", "position", "hash")) == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'fingerprint_hash'")
        assert "(hash)" in cursor.fetchone()[0]
    assert fingerprint_missing() == 0


def test_a_report_not_yet_checked_says_so_and_checks_nothing_on_the_request(
    client, archive, django_assert_max_num_queries
):
    source = Report.objects.get(township__name="管仲镇")
    copy = ingest_text("石桥乡2023年工作总结\n" + own_words(52) + source.text[300:700] + own_words(53))
    with django_assert_max_num_queries(6):  # no fingerprint lookup: the check runs in the background only
        html = client.get(f"/reports/{copy.pk}/copies/").content.decode()
    assert "查重还在后台进行" in html


def test_the_stored_check_is_the_check(archive):
    """What the page shows from the copy map equals what checking the text again finds."""
    from reports.selectors.copies import stored_copy_check

    source = Report.objects.get(township__name="管仲镇")
    copy = checked(ingest_text("石桥乡2023年工作总结\n" + own_words(54) + source.text[200:900] + own_words(55)))
    live = check_text(copy.text, township_id=copy.township_id, exclude=copy.pk)
    stored = stored_copy_check(copy)
    assert (stored.characters, stored.copied_characters, stored.boilerplate_characters) == (
        live.characters, live.copied_characters, live.boilerplate_characters
    )  # fmt: skip
    assert stored.sources == live.sources
    assert [(p.start, p.end, p.report_id, p.source_start, p.source_end) for p in stored.passages] == [
        (p.start, p.end, p.report_id, p.source_start, p.source_end) for p in live.passages
    ]
    assert stored.boilerplate == live.boilerplate


def test_the_side_by_side_of_a_report_and_itself_is_not_found(client, archive):
    report = archive[0]
    assert client.get(f"/reports/{report.pk}/copies/{report.pk}/").status_code == 404


def test_the_side_by_side_from_the_copy_map_pairs_what_aligning_the_texts_pairs(archive):
    from reports.copying.compare import pairs_from_passages, side_by_side
    from reports.selectors.copies import stored_pair

    Formula.objects.all().delete()  # a formula cuts a copied passage where aligning the texts does not
    source = Report.objects.get(township__name="管仲镇")
    text = "石桥乡2023年工作总结\n" + own_words(56) + "\n" + source.text[300:700] + "\n" + own_words(57)
    copy = checked(ingest_text(text))
    stored = pairs_from_passages(copy.text, source.text, stored_pair(copy, source))
    assert stored and stored == side_by_side(copy.text, source.text)
