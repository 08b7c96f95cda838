"""Background tasks (django-tasks; the database backend's worker is `manage.py db_worker`)."""

from django_tasks import task

from . import background


@task()
def build_workbook(export_id: int) -> None:
    """One try at building a background export (see reports/background.py)."""
    background.run_export(export_id)
