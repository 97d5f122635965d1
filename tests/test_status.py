"""How a dead worker, a failed copy check or an absent database is noticed: the admin's status line, the
`background_status` command and /healthz, on the real procrastinate tables."""

import json

import psycopg
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

from reports.selectors.status import background_status, database_away

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_queue(db):
    """Jobs and workers other tests left (the browser tests run a real worker): gone for this test alone."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")


def heartbeat(seconds_ago: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - make_interval(secs => %s))",
            [seconds_ago],
        )


def failed_job(task: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status)"
            " VALUES ('copies', %s, '{}', 'failed')",
            [task],
        )


def test_no_worker_is_said_plainly(admin_client):
    status = background_status()
    assert not status.worker_alive and status.line().startswith("后台任务进程：未在运行")
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'class="status-line errornote"' in page and "后台任务进程：未在运行" in page


def test_a_worker_with_a_fresh_heartbeat_is_running_and_a_stale_one_is_not(admin_client, settings):
    settings.ARCHIVE_WORKER_STALLED_SECONDS = 30
    heartbeat(120)
    assert not background_status().worker_alive
    heartbeat(3)
    status = background_status()
    assert status.worker_alive and "运行中（3 秒前有心跳）" in status.line()
    assert 'class="status-line"' in admin_client.get(reverse("admin:index")).content.decode()


def test_a_failed_copy_check_shows_with_what_to_do(admin_client):
    heartbeat(1)
    failed_job("check_copies")
    failed_job("read_upload")  # a file that could not be read says so on its batch page, not here
    assert background_status().failed_copy_checks == 1
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "查重失败 1 个（可运行 reindex --stale 重新排队）" in page and "errornote" in page


def test_the_command_fails_its_check_without_a_live_worker(capsys):
    with pytest.raises(SystemExit) as stopped:
        call_command("background_status", "--check")
    assert stopped.value.code == 1 and "未在运行" in capsys.readouterr().out
    heartbeat(1)
    call_command("background_status", "--check")


def test_health_answers_200_with_the_worker_s_state(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "database": "ok",
        "worker_alive": False,
        "jobs_waiting": 0,
        "failed_copy_checks": 0,
    }


def test_a_refused_connection_is_told_from_a_wrong_query():
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(host="/nonexistent-socket-dir", dbname="x", connect_timeout=2)
    wrapped = OperationalError(str(refused.value))
    wrapped.__cause__ = refused.value
    assert database_away(wrapped)
    with pytest.raises(Exception) as wrong, connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM reports_report")
    assert not database_away(wrong.value)


def test_a_page_asked_while_the_database_is_away_gets_a_503_in_chinese(rf):
    from reports.views.system import server_error

    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(host="/nonexistent-socket-dir", dbname="x", connect_timeout=2)
    away = OperationalError(str(refused.value))
    away.__cause__ = refused.value
    for path, wanted in (("/reports/", "<h1>数据库暂时无法连接</h1>"), ("/api/search", '"error": "数据库暂时无法连接')):
        try:
            raise away
        except OperationalError:
            response = server_error(rf.get(path))
        assert response.status_code == 503 and wanted in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/reports/"))
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()
