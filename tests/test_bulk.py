import pytest
from django.db import connection

from reports.db.bulk import bulk_load_session, copy_rows, next_ids
from reports.models import Township

pytestmark = pytest.mark.django_db


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_a_bulk_load_session_changes_settings_only_while_it_lasts():
    before = {name: setting(name) for name in ("synchronous_commit", "work_mem", "gin_pending_list_limit")}
    with bulk_load_session(pending_index_mb=32, work_mem_mb=128):
        assert (setting("synchronous_commit"), setting("work_mem"), setting("gin_pending_list_limit")) == (
            "off",
            "128MB",
            "32MB",
        )
    assert {name: setting(name) for name in before} == before


def test_a_bulk_load_session_restores_settings_after_a_failure():
    before = setting("work_mem")
    with pytest.raises(ValueError), bulk_load_session(work_mem_mb=100):
        raise ValueError("bad file")
    assert setting("work_mem") == before


def test_rows_copied_with_reserved_ids_keep_them():
    ids = next_ids(Township, 2)
    assert len(set(ids)) == 2
    copy_rows(
        Township._meta.db_table,
        ("id", "name", "county", "prefecture", "province"),
        [
            (ids[0], "白杨镇", "和平县", "", ""),
            (ids[1], "红旗乡", "", "", ""),
        ],
    )
    assert dict(Township.objects.values_list("id", "name")) == {ids[0]: "白杨镇", ids[1]: "红旗乡"}
    assert Township.objects.create(name="马兰镇").pk not in ids  # the sequence moved past them


def test_the_pending_index_entries_of_every_year_are_merged():
    from reports.db.bulk import merge_pending_entries
    from reports.services.ingest import ingest_text

    merge_pending_entries()
    for year in (2021, 2022):
        ingest_text(f"白杨镇{year}年工作总结\n一、工作成效\n抓好干部队伍建设。\n")
    assert merge_pending_entries() >= 2  # a page at least in each year's partition
    assert merge_pending_entries() == 0
