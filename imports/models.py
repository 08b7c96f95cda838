from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingImport(models.Model):
    """An uploaded file between its preview and its confirmation, kept on the server.

    Only its uploader reaches it, by a random token, until it is confirmed (then deleted) or
    `services.KEEP` has passed (then deleted at the next upload). The rows are read again from
    the file at the confirmation: nothing parsed travels through the browser.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return self.file_name
