from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "工作报告"

    def ready(self) -> None:
        """Every save or delete of what the pages show advances the archive's version (the page cache)."""
        from reports.db import freshness
        from reports.models import Issue, Plan, Report, Section, Theme, Township

        for model in (Report, Section, Issue, Plan, Theme, Township):
            post_save.connect(freshness.on_model_change, sender=model, dispatch_uid=f"fresh-save-{model.__name__}")
            post_delete.connect(freshness.on_model_change, sender=model, dispatch_uid=f"fresh-del-{model.__name__}")
        m2m_changed.connect(freshness.on_model_change, sender=Issue.themes.through, dispatch_uid="fresh-themes")
        # A deleted report's passages go with it: the reports that shared text with it are summarised again.
        from reports.services.copies import on_report_deleted

        pre_delete.connect(on_report_deleted, sender=Report, dispatch_uid="copies-deleted")
        # Every deployment migrates: new code never serves pages that older code cached.
        post_migrate.connect(freshness.on_migrate, sender=self, dispatch_uid="fresh-migrate")
