"""Refresh every centre's plan proposals: after the rules table changes, say. Idempotent."""

from django.core.management.base import BaseCommand

from centres.models import Centre
from plans.services import refresh_proposals


class Command(BaseCommand):
    help = "Propose the actions each centre's latest records call for; flag obsolete ones."

    def handle(self, *args, **options):
        totals = {"proposed": 0, "obsolete": 0, "current": 0}
        for centre in Centre.objects.order_by("pk"):
            for key, n in refresh_proposals(centre).items():
                totals[key] += n
        self.stdout.write(
            "{proposed} actions proposed, {obsolete} flagged obsolete, "
            "{current} current again.".format(**totals)
        )
