from django.db import models


class DataVersion(models.Model):
    """One row whose token changes with every write to what the results count (records,
    their rows, centres, codings): the results page's cached copies are keyed by it
    (reports/freshness.py)."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
