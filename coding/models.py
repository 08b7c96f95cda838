"""The theme codebook and the coding of notes.

A `Theme` is a code of the codebook (stable `code`, labels in both languages, the items whose
notes it codes). A `CodedNote` is one note (or open answer) of one record, once a coder has
coded it: it carries any number of themes (`NoteTheme` rows, none meaning "coded, no theme")
and an optional quote, an excerpt of the note. Records are referred to generically (content
type + id), so that any instrument's notes can be coded. Everything keeps its history.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import ItemCodesField

QUOTE_MAX = 300
THEME_CODE = RegexValidator(
    r"^[a-z][a-z0-9_]*\Z",
    _("Use lowercase letters, digits and underscores, starting with a letter."),
)


class Theme(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        validators=[THEME_CODE],
        help_text=_("Stable: it names the theme in exports and cannot change once created."),
    )
    label_es = models.CharField(_("label in Spanish"), max_length=120)
    label_en = models.CharField(_("label in English"), max_length=120)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    #: The description in English (the one there was before there were two).
    description = models.TextField(_("description in English"), blank=True)
    items = ItemCodesField(_("items it codes"))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive themes are not offered for coding.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the current language."""
        return self.label_en if (get_language() or "es").startswith("en") else self.label_es

    @property
    def described(self) -> str:
        """The description in the current language, else the one there is."""
        english = (get_language() or "es").startswith("en")
        first, other = (
            (self.description, self.description_es)
            if english
            else (self.description_es, self.description)
        )
        return first or other


class CodedNote(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("instrument")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    item = models.CharField(_("item"), max_length=60)
    quote = models.CharField(_("quote"), max_length=QUOTE_MAX, blank=True)
    themes = models.ManyToManyField(
        Theme, through="NoteTheme", related_name="notes", verbose_name=_("themes")
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coded by"),
    )
    coded_at = models.DateTimeField(_("coded"), auto_now=True)
    #: A digest of the note's text as it was when coded (`selectors.note_digest`): a note
    #: edited afterwards is flagged for its coding to be checked again. Empty for codings made
    #: before it was kept (never flagged).
    note_digest = models.CharField(_("note's digest when coded"), max_length=64, blank=True,
                                   editable=False)  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "item"], name="unique_coded_note"
            )
        ]
        verbose_name = _("coded note")
        verbose_name_plural = _("coded notes")

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} · {self.item}"


class NoteTheme(models.Model):
    """One theme given to one coded note."""

    note = models.ForeignKey(CodedNote, on_delete=models.CASCADE, related_name="note_themes")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="note_themes", verbose_name=_("theme")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["note", "theme"], name="unique_theme_per_note")
        ]
        verbose_name = _("theme of a note")
        verbose_name_plural = _("themes of notes")

    def __str__(self) -> str:
        return f"{self.note} · {self.theme.code}"
