from django.core.management.base import BaseCommand

from reports.background import cleanup_exports


class Command(BaseCommand):
    help = (
        "Delete background exports (and their files) kept longer than EXPORT_KEEP_DAYS, and "
        "mark stuck (running, no progress) and lost (queued, never taken) ones failed (tried "
        "once more after a first failure). Run it where the "
        "worker starts and daily (the worker also runs it before each export)."
    )

    def handle(self, *args, **options):
        deleted = cleanup_exports()
        self.stdout.write(f"Deleted {deleted} expired export(s).")
