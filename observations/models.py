import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fieldwork.columns import (
    decimal_column,
    int_column,
    multi_column,
    notes_column,
    single_column,
    text_column,
    yesno_column,
)
from fieldwork.models import Record

from .spec import OBSERVATION

item = OBSERVATION.item


def is_over_capacity(expected_capacity: int | None, people_present: int | None) -> bool:
    """More people at the visit than the expected capacity (allowed, and shown as such)."""
    return (
        expected_capacity is not None
        and people_present is not None
        and people_present > expected_capacity
    )


class Observation(Record):
    """One observation format per centre per visit (codebook: `observation`)."""

    consent_photos = yesno_column(item("consent_photos"))

    # Profile of the CAS
    centre_profile = text_column(item("centre_profile"))
    population_received = multi_column(item("population_received"))
    population_received_notes = notes_column(item("population_received"))
    duration_of_stay = single_column(item("duration_of_stay"))
    duration_of_stay_notes = notes_column(item("duration_of_stay"))

    # Location of the CAS
    location = text_column(item("location"))
    easily_accessible = yesno_column(item("easily_accessible"))
    easily_accessible_notes = notes_column(item("easily_accessible"))
    near_authorities = yesno_column(item("near_authorities"))
    near_authorities_notes = notes_column(item("near_authorities"))
    visibly_identifiable = yesno_column(item("visibly_identifiable"))
    visibly_identifiable_notes = notes_column(item("visibly_identifiable"))
    access_obstacles = yesno_column(item("access_obstacles"))
    access_obstacles_notes = notes_column(item("access_obstacles"))

    # Infrastructure of the CAS
    construction_type = single_column(item("construction_type"))
    construction_status = single_column(item("construction_status"))
    construction_materials = text_column(item("construction_materials"))
    approx_size_m2 = decimal_column(item("approx_size_m2"))
    property_tenure = single_column(item("property_tenure"))
    property_tenure_notes = notes_column(item("property_tenure"))
    expected_capacity = int_column(item("expected_capacity"))
    people_present = int_column(item("people_present"))
    has_reception_area = yesno_column(item("has_reception_area"))
    has_reception_area_notes = notes_column(item("has_reception_area"))
    has_dormitories = yesno_column(item("has_dormitories"))
    has_dormitories_notes = notes_column(item("has_dormitories"))
    dormitories_divided = yesno_column(item("dormitories_divided"))
    dormitories_divided_notes = notes_column(item("dormitories_divided"))
    has_toilets_showers = yesno_column(item("has_toilets_showers"))
    has_toilets_showers_notes = notes_column(item("has_toilets_showers"))
    toilets_divided = yesno_column(item("toilets_divided"))
    toilets_divided_notes = notes_column(item("toilets_divided"))
    has_kitchen = yesno_column(item("has_kitchen"))
    has_kitchen_notes = notes_column(item("has_kitchen"))
    has_dining_area = yesno_column(item("has_dining_area"))
    has_dining_area_notes = notes_column(item("has_dining_area"))
    has_recreation_area = yesno_column(item("has_recreation_area"))
    has_recreation_area_notes = notes_column(item("has_recreation_area"))
    has_washing_area = yesno_column(item("has_washing_area"))
    has_washing_area_notes = notes_column(item("has_washing_area"))

    # Services
    has_medical_area = yesno_column(item("has_medical_area"))
    has_medical_area_notes = notes_column(item("has_medical_area"))
    has_psychological_area = yesno_column(item("has_psychological_area"))
    has_psychological_area_notes = notes_column(item("has_psychological_area"))
    has_social_work_area = yesno_column(item("has_social_work_area"))
    has_social_work_area_notes = notes_column(item("has_social_work_area"))
    has_legal_department = yesno_column(item("has_legal_department"))
    has_legal_department_notes = notes_column(item("has_legal_department"))
    has_communications_area = yesno_column(item("has_communications_area"))
    has_communications_area_notes = notes_column(item("has_communications_area"))
    other_areas = text_column(item("other_areas"))

    spec = OBSERVATION

    class Meta(Record.Meta):
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{_('Observation')} #{self.pk} · {self.centre}"

    @property
    def over_capacity(self) -> bool:
        return is_over_capacity(self.expected_capacity, self.people_present)

    def discard_related(self) -> None:
        from .services import discard_photos

        discard_photos(self)


def _photo_name(instance, filename: str) -> str:
    """Generated names only: nothing of the upload's own name is kept."""
    return f"photos/{uuid.uuid4().hex}.jpg"


class Space(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    DORMITORY = "dormitory", _("Dormitory")
    TOILETS = "toilets", _("Toilets and showers")
    KITCHEN = "kitchen", _("Kitchen")
    DINING = "dining", _("Dining area")
    RECREATION = "recreation", _("Recreation area / patio")
    WASHING = "washing", _("Washing area")
    MEDICAL = "medical", _("Medical area")
    PSYCHOLOGICAL = "psychological", _("Psychological area")
    SOCIAL_WORK = "social_work", _("Social work area")
    LEGAL = "legal", _("Legal department")
    COMMUNICATIONS = "communications", _("Communications area")
    OUTSIDE = "outside", _("Outside / surroundings")
    OTHER = "other", _("Other")


class Photo(models.Model):
    """A photo of the premises, stored only after identity protection (see photos.py)."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="photos", verbose_name=_("observation")
    )
    image = models.FileField(_("photo"), upload_to=_photo_name)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_photo_name)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    space = models.CharField(_("space"), max_length=20, choices=Space.choices)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    faces_blurred = models.PositiveIntegerField(_("faces blurred"), default=0)
    areas_blurred = models.PositiveIntegerField(_("areas blurred by hand"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Who added, blurred further or deleted a photo, and when (on the record's page). The file
    # names are left out: a replaced or deleted file is not kept.
    history = HistoricalRecords(excluded_fields=["image", "thumbnail"])

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("photo")

    def __str__(self) -> str:
        return (
            f"{self.get_space_display()}: {self.caption}"
            if self.caption
            else self.get_space_display()
        )

    def get_absolute_url(self) -> str:
        return reverse("observations:photo_file", args=[self.observation_id, self.pk])

    def get_thumbnail_url(self) -> str:
        return reverse("observations:photo_thumb", args=[self.observation_id, self.pk])
