from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .search import search_text_expression

MEXICAN_STATES = [
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas",
    "Chihuahua", "Ciudad de México", "Coahuila", "Colima", "Durango", "Estado de México",
    "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "Michoacán", "Morelos", "Nayarit",
    "Nuevo León", "Oaxaca", "Puebla", "Querétaro", "Quintana Roo", "San Luis Potosí",
    "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz", "Yucatán",
    "Zacatecas",
]  # fmt: skip


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class Operator(models.TextChoices):
    FEDERAL_DIF = "federal_dif", _("Federal DIF")
    STATE_DIF = "state_dif", _("State DIF")
    MUNICIPAL_DIF = "municipal_dif", _("Municipal DIF")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class RegistryStatus(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("Not registered")
    REGISTERED = "registered", _("Registered")
    AUTHORISED = "authorised", _("Authorised")
    CERTIFIED = "certified", _("Certified")


class Centre(models.Model):
    """A Social Assistance Centre (CAS) in the registry."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    state = models.CharField(
        _("state"), max_length=40, choices=[(s, s) for s in MEXICAN_STATES], db_index=True
    )
    municipality = models.CharField(_("municipality"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, db_index=True)
    operator = models.CharField(_("operated by"), max_length=20, choices=Operator.choices)
    specialises_in_migrant_children = models.BooleanField(
        _("specialises in migrant children"), null=True, blank=True
    )
    registry_status = models.CharField(
        _("National Registry of CAS"), max_length=20, choices=RegistryStatus.choices, blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    #: An inactive centre (closed, merged, a duplicate) is not offered for new records and is
    #: left out of the registry's list by default; the records that name it keep it. The
    #: database default covers rows written without the field (older code, raw SQL).
    active = models.BooleanField(
        _("active"),
        default=True,
        db_default=True,
        db_index=True,
        help_text=_("Offered when a new interview or observation is started."),
    )

    #: Name, municipality, state and address as the registry's search reads them (`centres.search`):
    #: written by the database on every write.
    search_text = models.GeneratedField(
        expression=search_text_expression(),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["state", "name"]
        # The list's order: a page of the registry (searched or not) is read in this index's
        # order and stops at the page's end instead of sorting every match (issue 18).
        indexes = [models.Index(fields=["state", "name"], name="centre_state_name_idx")]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:detail", args=[self.pk])
