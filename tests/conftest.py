import json
from pathlib import Path

import pytest
from django.test import Client

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(autouse=True)
def plain_http(settings):
    """Tests speak plain HTTP and need no collectstatic; production keeps its HTTPS redirect and manifest."""
    settings.SECURE_SSL_REDIRECT = False
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 0  # tests/test_page_cache.py turns it on: pages must reflect each test's data
    settings.ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE = (
        0  # the suite searches far more a minute than a reader; turned on where tested
    )
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def archivist(username: str = "archivist"):
    """A staff member of the group 档案管理员, who may upload and edit."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="x-archive-1", is_staff=True)
    user.groups.add(Group.objects.get(name="档案管理员"))
    return user


@pytest.fixture
def editor_client(db) -> Client:
    client = Client()
    client.force_login(archivist())
    return client


@pytest.fixture
def archive(db) -> list:
    """The five seed reports, stored as the ingest command stores them and checked for copies as the
    background worker then checks them (one definition for every test)."""
    from reports.services.copies import record_copies
    from reports.services.ingest import ingest_text

    reports = [ingest_text(path.read_text(encoding="utf-8"), source_name=path.name) for path in seed_files()]
    record_copies([report.pk for report in reports])
    for report in reports:
        report.refresh_from_db()
    return reports
