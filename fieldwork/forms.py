"""Spec-driven model forms for instrument records.

Every field is optional at field level so that a draft can be saved at any moment; `clean()`
then applies the spec: answers to items whose `relevant if` does not hold are cleared (so skip
logic works without JavaScript), and on submit every relevant required item must be answered.
"""

import copy
import re
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.forms import BoundField
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from centres.models import Centre

from .models import Round, current_round, default_round, round_date_warning
from .spec import YES_NO_CHOICES, Instrument, Item, ItemType, Section

REQUIRED_ON_SUBMIT = _("Answer this question before submitting.")
#: Beside a question that must be answered to submit (a draft may leave it empty).
REQUIRED = _("required")


def _required_label(label) -> SafeString:
    return format_html('{} <span class="required-mark">({})</span>', label, REQUIRED)


#: The question, marked in words (not only a sign) for everyone, screen readers included;
#: lazy, like the label, so that a form class configured once speaks every language.
required_label = lazy(_required_label, SafeString)


DATE_IN_THE_FUTURE = _("This date is in the future: enter the date of the visit.")


def not_in_the_future(value) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(DATE_IN_THE_FUTURE, code="future")


def date_input() -> forms.DateInput:
    """The browser's date picker, which speaks ISO dates whatever the page's language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@dataclass
class FormRow:
    item: Item
    field: BoundField | None
    notes: BoundField | None


@dataclass
class FormSection:
    section: Section
    rows: list[FormRow]


class YesNoField(forms.NullBooleanField):
    """Yes / No / not answered; anything else is an error, never a silent blank."""

    widget = forms.RadioSelect(choices=YES_NO_CHOICES)
    default_error_messages = {"invalid": _("Choose Yes or No.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, "", "None", "unknown"):
            return None
        result = super().to_python(value)
        if result is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return result


class CentrePicker(forms.TextInput):
    """The record's centre as one text box, never a list of the whole registry.

    The page renders the chosen centre only. In the browser, static/js/centre-picker.js turns
    the box into a search that filters the device's copy of the registry (the centres'
    `choices.json`) as one types. Without JavaScript the box takes the centre's exact name
    or its number, looked up on the server.
    """

    template_name = "fieldwork/widgets/centre_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.lookup = lambda value: None
        #: Said beside the box: why the centre a link named is not chosen (a stale link).
        self.notice = ""

    def get_context(self, name, value, attrs):
        centre = self.lookup(value) if value not in (None, "") else None
        context = super().get_context(name, centre.name if centre else value, attrs)
        field_id = context["widget"]["attrs"].get("id", name)
        hint_id = f"{field_id}_hint"
        notice_id = f"{field_id}_notice" if self.notice else ""
        described = context["widget"]["attrs"].get("aria-describedby", "")
        context["widget"]["attrs"]["aria-describedby"] = " ".join(
            part for part in (described, notice_id, hint_id) if part
        )
        context["widget"].update(
            centre=centre,
            hint_id=hint_id,
            notice=self.notice,
            notice_id=notice_id,
            choices_url=reverse("centres:choices"),
            registry_url=reverse("centres:list"),
        )
        return context


class CentreField(forms.ModelChoiceField):
    """A centre by its number (what the search sends) or its exact name (typed by hand)."""

    widget = CentrePicker
    default_error_messages = {
        "invalid_choice": _(
            "No centre in the registry is called “%(value)s”. Type its exact name or its "
            "number, or choose it from the list."
        ),
        "inactive": _(
            "“%(value)s” is inactive in the registry (closed, merged or a duplicate): choose "
            "another centre, or ask a coordinator."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(Centre.objects.all(), *args, **kwargs)
        self._found: dict[str, Centre | None] = {}
        #: The record's own centre: it stays valid if the centre became inactive since.
        self.current_id: int | None = None
        self.widget.lookup = self.lookup

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._found = {}
        result.current_id = None
        result.widget.lookup = result.lookup
        return result

    def remember(self, centre: Centre) -> None:
        """A centre already loaded (the record's, the one the URL names): no query for it."""
        self._found[str(centre.pk)] = centre

    def lookup(self, value) -> Centre | None:
        if isinstance(value, Centre):
            return value
        text = " ".join(str(value).split())
        key = text.casefold()
        if key not in self._found:
            centre = None
            if text.isdigit() and len(text) < 19:
                centre = self.queryset.filter(pk=int(text)).first()
            if centre is None and text:
                centre = self.queryset.filter(name__iexact=text).first()
            self._found[key] = centre
        return self._found[key]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        centre = self.lookup(value)
        if centre is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": " ".join(str(value).split())[:200]},
            )
        if not centre.active and centre.pk != self.current_id:
            raise forms.ValidationError(
                self.error_messages["inactive"], code="inactive", params={"value": centre.name}
            )
        return centre

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = initial.pk if isinstance(initial, Centre) else initial
        after = self.lookup(data) if data not in self.empty_values else None
        return str(before or "") != str(after.pk if after else data or "")


ROUND_CLOSED = _("This round is closed: choose an open round.")
NO_ROUND_OPEN = _("No round is open: ask a coordinator to open one.")
CHOOSE_ROUND = _("Choose the round of this visit.")


class RoundField(forms.ModelChoiceField):
    """The record's round: the open rounds (and the record's own); empty means the current."""

    def label_from_instance(self, obj: Round) -> str:
        return str(obj) if obj.is_open else f"{obj} ({_('closed')})"

    def has_changed(self, initial, data) -> bool:
        return data not in self.empty_values and super().has_changed(initial, data)


class RecordForm(forms.ModelForm):
    spec: Instrument
    #: Its blank fields are the same for everyone on a day: rendered once (rendering.py).
    cache_blank_fields = True

    def __init__(self, *args, submitting: bool = False, any_round: bool = False, **kwargs):
        """`any_round`: accept a closed round. For saves sent by the page's script (autosave,
        the device's queue), which are never refused because of their round (a queued save
        keeps the round it was started in, even if that round closed meanwhile; one without a
        round takes the current), and for loading past data sets."""
        spec_fields = type(self)._spec_fields()
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.any_round = any_round
        # Items the current version of the instrument does not ask are not in the form.
        for item in self.spec.items:
            if not item.asked_in(self.spec.version):
                self.fields.pop(item.code, None)
                self.fields.pop(item.notes_code, None)
        self._configure_round()
        #: Labels without the required mark, for lists of answers to correct.
        self.plain_labels: dict[str, object] = dict(spec_fields.plain_labels)
        today = timezone.localdate().isoformat()
        for code in spec_fields.dates:  # no answer is a date after today, drafts included
            if code in self.fields:
                self.fields[code].widget.attrs["max"] = today
        self._remember_centre()

    @classmethod
    def _spec_fields(cls) -> "_SpecFields":
        """The class's fields configured from the spec, once per class (not once per form:
        each form deep-copies them, as Django does). Labels stay lazy, so any language."""
        prepared = cls.__dict__.get("_prepared")
        if prepared is not None and prepared.version == cls.spec.version:
            return prepared
        # From the model's fields as Django made them, again if the spec's version changed.
        if "_model_fields" not in cls.__dict__:
            cls._model_fields = cls.base_fields
        fields = copy.deepcopy(cls._model_fields)
        plain_labels: dict[str, object] = {}
        dates: list[str] = []
        for item in cls.spec.items:
            if item.code in fields:
                fields[item.code] = field = _configured(item, fields[item.code], cls.spec.version)
                if item.required:
                    plain_labels[item.code] = field.label
                    _mark_required(field)
                if item.type == ItemType.DATE:
                    dates.append(item.code)
            if item.notes and item.notes_code in fields:
                notes = fields[item.notes_code]
                notes.label = item.notes_label
                notes.widget = forms.Textarea(attrs={"rows": 2})
        cls.base_fields = fields
        cls._prepared = _SpecFields(plain_labels, tuple(dates), cls.spec.version)
        return cls._prepared

    def _configure_round(self) -> None:
        if "round" not in self.fields:
            return
        own = self.instance.round_id if self.instance.pk else None
        self.fields["round"] = field = RoundField(
            queryset=Round.objects.all(),
            label=_("Round"),
            required=False,
            empty_label=None,
            help_text=_("The assessment round of this visit."),
        )
        # Offered: the open rounds and the record's own, latest first, in one query. Any round
        # is looked up (a queued save may name a round closed since); clean_round decides.
        offered = Q(is_open=True) | Q(pk=own) if own else Q(is_open=True)
        rounds = list(Round.objects.filter(offered).order_by("-starts_on", "-id"))
        field.choices = [(r.pk, field.label_from_instance(r)) for r in rounds]
        #: Each offered round's period, for the warning beside the visit date (record-form.js).
        self.round_periods = {
            str(r.pk): [r.starts_on.isoformat(), r.ends_on.isoformat() if r.ends_on else ""]
            for r in rounds
        }
        self._rounds = rounds
        if not self.is_bound and not own:
            current = current_round(rounds)
            self.initial["round"] = current.pk if current else None
            if current is None and rounds:  # only rounds still to come: never chosen for you
                field.choices = [("", _("Choose the round")), *field.choices]

    def clean_round(self) -> Round | None:
        chosen: Round | None = self.cleaned_data.get("round")
        own = self.instance.round if self.instance.pk else None
        if chosen is None:  # not sent (an older copy on a device): the record's or the current
            chosen = own or Round.objects.current()
            if chosen is None:
                if not self.any_round and Round.objects.open().exists():
                    raise forms.ValidationError(CHOOSE_ROUND, code="choose_round")
                if not self.any_round and Round.objects.exists():
                    raise forms.ValidationError(NO_ROUND_OPEN, code="no_round")
                # The latest (closed) one, never a refusal; on a site without any round yet,
                # the initial round, created.
                chosen = default_round()
            return chosen
        if not chosen.is_open and chosen != own and not self.any_round:
            raise forms.ValidationError(ROUND_CLOSED, code="closed")
        return chosen

    def round_date_warning(self) -> str:
        """The warning beside the round and the visit date when the date is outside the
        round's period: a warning, never a refusal (see `Record.round_date_warning`)."""
        if self.is_bound:
            data = getattr(self, "cleaned_data", None) or {}
            return round_date_warning(data.get("round"), data.get("visit_date"))
        if self.instance.pk:
            return self.instance.round_date_warning
        chosen = self.initial.get("round")
        round = next((r for r in getattr(self, "_rounds", []) if r.pk == chosen), None)
        return round_date_warning(round, self.initial.get("visit_date"))

    def _remember_centre(self) -> None:
        """The centre the page names is already loaded: render it without a second query."""
        field = self.fields.get("centre")
        if not isinstance(field, CentreField):
            return
        field.current_id = self.instance.centre_id
        initial = self.initial.get("centre")
        if isinstance(initial, Centre):
            field.remember(initial)
        centre_field = self._meta.model._meta.get_field("centre")
        if self.instance.centre_id and centre_field.is_cached(self.instance):
            field.remember(self.instance.centre)

    def clean(self):
        data = super().clean()
        for item in self.spec.items:
            if not item.has_column or item.code not in self.fields:
                continue
            if item.relevant is not None and not item.relevant.holds(data):
                data[item.code] = _empty(item)
                if item.notes:
                    data[item.notes_code] = ""
                self.errors.pop(item.code, None)
            elif (
                self.submitting
                and item.required
                and item.is_empty(data.get(item.code))
                and item.code not in self.errors
            ):
                self.add_error(item.code, REQUIRED_ON_SUBMIT)
        if self.submitting:
            self.clean_for_submit(data)
        return data

    def clean_for_submit(self, data: dict) -> None:
        """Instrument-specific rules checked only on submit."""

    def sections(self) -> list[FormSection]:
        result = []
        for section in self.spec.sections:
            rows = []
            for item in section.items:
                if item.type == ItemType.USER or not item.asked_in(self.spec.version):
                    continue
                field = self[item.code] if item.code in self.fields else None
                notes = self[item.notes_code] if item.notes else None
                rows.append(FormRow(item, field, notes))
            result.append(FormSection(section, rows))
        return result


@dataclass(frozen=True)
class _SpecFields:
    plain_labels: dict
    dates: tuple[str, ...]
    version: int


def _mark_required(field: forms.Field) -> None:
    """Required on submit: said in the label, and to assistive technology where it may."""
    field.label = required_label(field.label)
    if not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        field.widget.attrs["aria-required"] = "true"  # not on a single radio or checkbox


def _configured(item: Item, field: forms.Field, version) -> forms.Field:
    """The model's form field for an item, as the spec wants it (in its current `version`:
    the options it offers now)."""
    if item.type == ItemType.YESNO:
        return YesNoField(label=item.label, help_text=item.help_text)
    if item.type == ItemType.CENTRE:  # a record always belongs to a centre
        return CentreField(label=item.label, help_text=item.help_text)
    field.label = item.label
    field.help_text = item.help_text
    field.required = False  # a draft may leave anything empty; clean() checks on submit
    offered = item.options_in(version)
    if item.type == ItemType.SINGLE:
        field.choices = [(o.code, o.label) for o in offered]
        field.widget = forms.RadioSelect(choices=field.choices)
    elif item.type == ItemType.MULTI and len(offered) != len(item.options):
        field.choices = [(o.code, o.label) for o in offered]
    elif item.type == ItemType.DATE:
        # No answer is a date after today (in the site's time zone): `max` is set per form.
        field.widget = date_input()
        field.validators.append(not_in_the_future)
    elif item.type in (ItemType.INT, ItemType.DECIMAL):
        field.widget.attrs.update({"min": "0"})
        if not any(isinstance(v, MinValueValidator) for v in field.validators):
            field.validators.append(MinValueValidator(0))
        if item.max_value is not None:
            field.widget.attrs["max"] = str(item.max_value)
            field.validators.append(MaxValueValidator(item.max_value))
    elif item.type == ItemType.TEXT and item.long_text:
        field.widget = forms.Textarea(attrs={"rows": 3})
    return field


def _empty(item: Item):
    if item.type == ItemType.MULTI:
        return []
    return "" if item.type in (ItemType.TEXT, ItemType.SINGLE) else None


REVIEWED_ANOTHER_VERSION = _("This record changed since you opened it.")


#: The longest comment a review keeps (about a page; more belongs in the record's notes).
REVIEW_COMMENT_MAX = 2000
#: Control characters a comment does not keep: the C0 set but tab and line breaks, DEL, C1.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


class ReviewForm(forms.Form):
    """A decision on the version of the record that the reviewer has on screen."""

    APPROVE, RETURN = "approve", "return"

    #: The record's version on the reviewer's screen; a review of any other is not applied.
    version = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={"required": REVIEWED_ANOTHER_VERSION, "invalid": REVIEWED_ANOTHER_VERSION},
    )
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for changes"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Comment for the researcher"),
        required=False,
        max_length=REVIEW_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 2,000 characters."),
        error_messages={
            "max_length": _(
                "The comment is too long: %(show_value)d characters, at most %(limit_value)d. "
                "Shorten it; the details can go in the record's notes."
            )
        },
    )

    def __init__(self, *args, current_version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version

    def clean_version(self) -> int:
        version = self.cleaned_data["version"]
        if self.current_version is not None and version != self.current_version:
            raise forms.ValidationError(REVIEWED_ANOTHER_VERSION, code="stale")
        return version

    @property
    def reviewed_another_version(self) -> bool:
        return "version" in self.errors

    @property
    def seen_version(self) -> int | None:
        """The version posted as the one on the reviewer's screen, if it is a number."""
        try:
            return int(self.data.get("version", ""))
        except (TypeError, ValueError):
            return None

    def clean_comment(self) -> str:
        # NUL is refused with a field error, as in every text answer (Django's validator);
        # other control characters (a vertical tab pasted from a word processor) are dropped.
        return strip_control_characters(self.cleaned_data.get("comment", ""))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what needs to change before returning the record."))
        return data
