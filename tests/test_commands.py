"""The command-line tools as a user runs them: parse_report, ingest, reparse, bootstrap_admin."""

import codecs
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from reports.models import Issue, Report, Section
from tests.conftest import SEEDS, seed_files

ROOT = Path(__file__).resolve().parent.parent


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_parse_report_json_matches_the_expectations(path, expected):
    data = json.loads(run("parse_report", str(path), "--json"))
    want = expected[path.name]
    assert data["year"] == want["year"] and data["period"] == want["period"]
    assert data["township"] == want.get("township", data["township"])
    headed = [s for s in data["sections"] if s["kind"] != "preamble"]
    assert [(s["heading"], s["kind"]) for s in headed] == [(w["heading"], w["kind"]) for w in want["sections"]]
    assert len(data["issues"]) == len(want["problems"])
    for key in ("title", "county", "kind", "warnings", "plans"):
        assert key in data
    for section in data["sections"]:
        assert set(section) >= {"number", "heading", "kind", "text", "children"}
    assert all(set(issue) >= {"title", "text", "themes"} for issue in data["issues"])


def test_parse_report_prints_a_readable_outline():
    output = run("parse_report", str(SEEDS / "002_d96798714193cfae.txt"))
    assert "乡镇：XX镇（已隐去）" in output
    assert "期间：上半年　类型：半年工作总结" in output
    assert "  二 存在差距与不足　[存在问题]" in output


def test_parse_report_starts_no_database(tmp_path):
    env = {**os.environ, "ARCHIVE_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "parse_report", str(SEEDS / "000_4ccb42b5d963b38f.txt"), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)["year"] == 2022
    assert not (tmp_path / "var" / "pgdata").exists()


def test_parse_report_explains_a_bad_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(Exception, match="文件为空"):
        run("parse_report", str(empty))


@pytest.mark.django_db
def test_ingest_is_idempotent_on_the_seeds():
    first = json.loads(run("ingest", str(SEEDS), "--json"))
    assert first["counts"] == {"ingested": 5, "skipped": 0, "failed": 0, "attached": 0}
    counts = (Report.objects.count(), Section.objects.count(), Issue.objects.count())
    second = json.loads(run("ingest", str(SEEDS), "--json"))
    assert second["counts"] == {"ingested": 0, "skipped": 5, "failed": 0, "attached": 0}
    assert (Report.objects.count(), Section.objects.count(), Issue.objects.count()) == counts


@pytest.fixture
def bad_and_good_files(tmp_path):
    text = (SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8")
    files = {
        "0-empty.txt": b"",
        "1-blank.txt": b"  \n \n",
        "2-binary.txt": bytes(range(256)) * 64,
        "3-image.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "4-huge.txt": b"a" * (20 * 1024 * 1024),
        "5-gbk.txt": (SEEDS / "001_63944fab751146e4.txt").read_text(encoding="utf-8").encode("gbk"),
        "6-utf16.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "7-duplicate.txt": text.encode("utf-8"),
        "8-broken.docx": b"PK\x03\x04 not really a zip",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.django_db
def test_ingest_goes_past_bad_files_and_explains_each(bad_and_good_files):
    with pytest.raises(SystemExit) as exit_code:
        run("ingest", str(bad_and_good_files / "*"), "--json")
    assert exit_code.value.code == 1


@pytest.mark.django_db
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_summary_names_each_failure_in_chinese(bad_and_good_files, workers):
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("ingest", str(bad_and_good_files / "*"), "--json", "--workers", workers, stdout=out)
    summary = json.loads(out.getvalue())
    reasons = {Path(f["file"]).name: f["reason"] for f in summary["failed"]}
    assert reasons == {
        "0-empty.txt": "文件为空（0 字节）",
        "1-blank.txt": "文件没有文字内容（只有空白）",
        "2-binary.txt": "文件含有大量控制字符，不是文本文件（可能是二进制文件、图片或压缩包）",
        "3-image.txt": "无法打开这个图片文件：文件已损坏，或格式无法识别",
        "4-huge.txt": "文件过大（20.0 MB），单个报告的上限为 10 MB：请拆分为几个文件，或另存为 .docx 后再上传",
        "8-broken.docx": "无法打开这个 Word（.docx）文件：文件已损坏，或并非此类文件",
    }
    ingested = {Path(f["file"]).name: f["encoding"] for f in summary["ingested"]}
    assert ingested == {"5-gbk.txt": "GBK", "6-utf16.txt": "UTF-16"}
    assert [Path(f["file"]).name for f in summary["skipped"]] == ["7-duplicate.txt"]
    assert summary["skipped"][0]["reason"].endswith("6-utf16.txt 内容相同")  # the file it repeats, same run
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_file_leaves_the_database_as_it_was(bad_and_good_files):
    run("ingest", str(SEEDS))
    before = (Report.objects.count(), Section.objects.count(), Issue.objects.count())
    for name in ("0-empty.txt", "2-binary.txt", "4-huge.txt", "8-broken.docx"):
        with pytest.raises(SystemExit):
            run("ingest", str(bad_and_good_files / name))
    assert (Report.objects.count(), Section.objects.count(), Issue.objects.count()) == before
    duplicate = run("ingest", str(bad_and_good_files / "7-duplicate.txt"))
    assert "跳过" in duplicate and "内容与已有报告" in duplicate
    assert Report.objects.count() == before[0]


@pytest.mark.django_db
def test_the_same_text_twice_in_one_batch_is_skipped_once(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes((SEEDS / "000_4ccb42b5d963b38f.txt").read_bytes())
    summary = json.loads(run("ingest", str(tmp_path), "--json", "--dry-run"))
    assert summary["counts"] == {"ingested": 1, "skipped": 1, "failed": 0, "attached": 0}
    assert "本批次" in summary["skipped"][0]["reason"]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing():
    output = run("ingest", str(SEEDS), "--dry-run")
    assert "共 5 个文件：可录入 5，跳过 0，失败 0" in output
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_path_is_a_failure():
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("ingest", "/nonexistent/报告.txt", stdout=out)
    assert "文件或目录不存在" in out.getvalue()


@pytest.mark.django_db
def test_reparse_command_redoes_every_report():
    run("ingest", str(SEEDS))
    ids = sorted(Report.objects.values_list("id", flat=True))
    assert "已重新解析 5 份报告" in run("reparse")
    assert sorted(Report.objects.values_list("id", flat=True)) == ids
    assert "已重新解析 0 份报告" in run("reparse", "--stale")


@pytest.mark.django_db
def test_bootstrap_admin_prints_a_random_password_once():
    first = run("bootstrap_admin")
    assert "密码：" in first
    password = first.split("密码：")[1].strip()
    assert len(password) >= 12
    assert run("bootstrap_admin") == ""


@pytest.mark.django_db(transaction=True)  # the writers' own connections see only committed rows
def test_a_big_ingest_stores_batches_on_two_connections_and_reports_in_file_order(tmp_path):
    from bench import search as benchmark
    from reports.db.bulk import merge_pending_entries, search_index_exists
    from reports.models import Passage
    from reports.services.batch_writer import writers_for
    from reports.services.ingest import BATCH

    texts = list(benchmark.synthetic_reports(2 * BATCH + 5))
    for number, text in enumerate(texts):
        (tmp_path / f"{number:03}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "999-again.txt").write_text(texts[3], encoding="utf-8")
    assert writers_for(len(texts) + 1) == 2
    summary = json.loads(run("ingest", str(tmp_path), "--json"))
    assert summary["counts"] == {"ingested": len(texts), "skipped": 1, "failed": 0, "attached": 0}
    assert [Path(f["file"]).name for f in summary["ingested"]] == [f"{n:03}.txt" for n in range(len(texts))]
    assert Report.objects.count() == len(texts)
    assert set(Report.objects.values_list("id", flat=True)) == {f["report_id"] for f in summary["ingested"]}
    assert Passage.objects.values("report").distinct().count() == len(texts)
    assert search_index_exists()  # into an empty archive, the index was built once at the end,
    assert merge_pending_entries() == 0  # with no pending entries


@pytest.mark.django_db
def test_ingest_reads_a_zip_of_a_folder_as_its_files(tmp_path):
    """A county's reports often come as a zip of folders; each file inside is a report (mypy found this path broken)."""
    import zipfile

    seeds = seed_files()[:2]
    with zipfile.ZipFile(tmp_path / "青石县.zip", "w") as archive:
        for seed in seeds:
            archive.writestr(f"2022年/{seed.name}", seed.read_bytes())
    summary = json.loads(run("ingest", str(tmp_path / "青石县.zip"), "--json"))
    assert summary["counts"]["ingested"] == 2 and summary["counts"]["failed"] == 0
    assert sorted(Report.objects.values_list("source_name", flat=True)) == [s.name for s in seeds]
