"""Who took which data out of the app: one entry per export, download or API read."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEntry(models.Model):
    """One access to data that leaves the app (an export, a file, an API read).

    `what` is a stable code (`workbook`, `csv:interviews`, `centre_report_pdf`, `photo`,
    `api:<endpoint>`, `audit_log`); `filters` what selected the data, as JSON. It never holds
    the data itself: no respondent name, no answer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_entries",
    )
    #: Kept when the user is deleted, so that the entry still says who it was.
    username = models.CharField(_("username"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    what = models.CharField(_("what"), max_length=100, db_index=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    with_names = models.BooleanField(_("with respondent names"), default=False)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="audit_user_at")]

    def __str__(self) -> str:
        return f"{self.username} {self.what} {self.at:%Y-%m-%d %H:%M}"
