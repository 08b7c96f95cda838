"""The instrument forms' fields as HTML, built in Python (issue 18).

A form page holds some 200 fields. Rendering each through crispy-forms' Bootstrap templates
(a dozen nested includes per field, more per option) cost several times a whole small page, so
the instrument forms render their fields here instead, in the same Bootstrap markup: one
`<div id="div_id_…" class="mb-3">` per field (the error summary links to it), a `<label>`, or
a `<fieldset>` and `<legend>` for a group of radios or checkboxes, the control, the errors next
to it (`id_…_error`) and the help text (`id_…_helptext`). Django's own bound field still
decides the attributes (`required`, `aria-invalid`, `aria-describedby`, the value's format,
which options are checked), from the widget's context; only the template rendering is skipped.
A widget this module does not know (the centre picker) is rendered by its own template.

A blank field (an unbound form, no value, no error) renders the same for every user on a given
day in a given language, so a form that says so (`cache_blank_fields`) has those fields
rendered once per process, language and day and reused: a new form then costs little more
than its template.
"""

from django import forms
from django.forms import BoundField
from django.forms.widgets import ChoiceWidget
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

#: Widgets whose markup is written here; any other goes through its template.
_INPUTS = (forms.TextInput, forms.NumberInput, forms.DateInput, forms.EmailInput)
_CHOICE_GROUPS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


#: Blank fields already rendered, by form class, prefix, field, language (for today only).
_blank: dict[tuple, SafeString] = {}
_blank_day: list = [None]
_EMPTY = (None, "", [], ())


def render_field(bound: BoundField) -> SafeString:
    """One field with its label, errors and help text, in Bootstrap 5's markup."""
    key = _blank_key(bound)
    if key is None:
        return _render(bound)
    html = _blank.get(key)
    if html is None:
        html = _blank[key] = _render(bound)
    return html


def _blank_key(bound: BoundField) -> tuple | None:
    """The key of a field that renders the same for everyone today, else None."""
    form = bound.form
    if not getattr(form, "cache_blank_fields", False) or form.is_bound:
        return None
    if bound.value() not in _EMPTY or bound.help_text is not bound.field.help_text:
        return None
    if isinstance(bound.field, forms.ModelChoiceField):  # its choices are rows: they change
        return None
    base = getattr(form, "_blank_key_base", None)
    if base is None:  # once per form
        today = timezone.localdate()
        if _blank_day[0] != today:  # the date's bounds (`max`) change with the day
            _blank.clear()
            _blank_day[0] = today
        version = getattr(getattr(form, "spec", None), "version", None)
        base = form._blank_key_base = (
            type(form),
            version,
            form.prefix,
            form.auto_id,
            get_language(),
        )
    return (*base, bound.name)


def _render(bound: BoundField) -> SafeString:
    widget = bound.field.widget
    if bound.is_hidden:
        if type(widget) is not forms.HiddenInput:
            return bound.as_widget()
        context = widget.get_context(bound.html_name, bound.value(), _widget_attrs(bound, widget))
        return mark_safe(_control(context["widget"]))  # noqa: S308  # nosec B308 B703 - escaped
    if isinstance(widget, _CHOICE_GROUPS):
        return _choice_group(bound, widget)
    if type(widget) is forms.CheckboxInput:
        return _checkbox(bound, widget)
    control_class = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if bound.errors:
        control_class += " is-invalid"
    attrs = _widget_attrs(bound, widget, control_class)
    if type(widget) in _INPUTS or type(widget) is forms.Textarea or type(widget) is forms.Select:
        control = _control(widget.get_context(bound.html_name, bound.value(), attrs)["widget"])
    else:
        control = bound.as_widget(attrs={"class": control_class})
    label = ""
    if bound.label:
        label = f'<label for="{escape(bound.id_for_label)}" class="form-label">' + (
            f"{conditional_escape(bound.label)}</label>"
        )
    return mark_safe(  # noqa: S308  # nosec B308 B703 - parts escaped above, or Django widget HTML
        f'<div id="div_{escape(bound.auto_id)}" class="mb-3">{label}{control}'
        f"{_errors(bound)}{_help(bound)}</div>"
    )


def _widget_attrs(bound: BoundField, widget: forms.Widget, css_class: str = "") -> dict:
    """The attributes Django's `BoundField.as_widget()` would give the widget."""
    attrs = bound.build_widget_attrs({"class": css_class} if css_class else {}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return attrs


def _control(context: dict) -> str:
    """An `<input>`, `<textarea>` or `<select>`, as Django's widget templates write them."""
    name = escape(context["name"])
    attrs = _flat(context["attrs"])
    template = context["template_name"]
    if template.endswith("textarea.html"):
        value = context["value"]
        return f'<textarea name="{name}"{attrs}>\n{escape(value) if value else ""}</textarea>'
    if template.endswith("select.html"):
        options = "".join(
            f'<option value="{escape(option["value"])}"{_flat(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>"
            for _group, choices, _index in context["optgroups"]
            for option in choices
        )
        return f'<select name="{name}"{attrs}>{options}</select>'
    value = context["value"]
    value = "" if value is None else f' value="{escape(value)}"'
    return f'<input type="{escape(context["type"])}" name="{name}"{value}{attrs}>'


def _choice_group(bound: BoundField, widget: ChoiceWidget) -> SafeString:
    """Radios or checkboxes in a fieldset whose legend is the question."""
    css_class = "form-check-input is-invalid" if bound.errors else "form-check-input"
    attrs = _widget_attrs(bound, widget, css_class)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    kind = escape(context["optgroups"][0][1][0]["type"]) if context["optgroups"] else "radio"
    options = "".join(
        '<div class="form-check">'
        f'<input type="{kind}" name="{escape(option["name"])}" value="{escape(option["value"])}"'
        f'{_flat(option["attrs"])}><label for="{escape(option["attrs"].get("id", ""))}" '
        f'class="form-check-label">{conditional_escape(option["label"])}</label></div>'
        for _group, choices, _index in context["optgroups"]
        for option in choices
    )
    described = bound.aria_describedby
    described = f' aria-describedby="{escape(described)}"' if described else ""
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every part is escaped above
        f'<div id="div_{escape(bound.auto_id)}" class="mb-3"><fieldset{described}>'
        f'<legend class="form-label fs-6">{conditional_escape(bound.label)}</legend>'
        f"<div>{options}</div>{_errors(bound)}{_help(bound)}</fieldset></div>"
    )


def _checkbox(bound: BoundField, widget: forms.CheckboxInput) -> SafeString:
    """A single checkbox (a repeat row's *Delete*): the box, then its label."""
    css_class = "form-check-input is-invalid" if bound.errors else "form-check-input"
    attrs = _widget_attrs(bound, widget, css_class)
    control = _control(widget.get_context(bound.html_name, bound.value(), attrs)["widget"])
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every part is escaped above
        f'<div class="mb-3"><div id="div_{escape(bound.auto_id)}" class="form-check">{control}'
        f'<label for="{escape(bound.id_for_label)}" class="form-check-label">'
        f"{conditional_escape(bound.label)}</label>{_errors(bound)}{_help(bound)}</div></div>"
    )


def _errors(bound: BoundField) -> str:
    """The field's errors next to it, under the id its control's `aria-describedby` names."""
    if not bound.errors:
        return ""
    auto_id = escape(bound.auto_id)
    messages = "".join(
        f'<p id="error_{number}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
        for number, error in enumerate(bound.errors, start=1)
    )
    return f'<div id="{auto_id}_error" class="invalid-feedback d-block">{messages}</div>'


def _help(bound: BoundField) -> str:
    if not bound.help_text:
        return ""
    text = conditional_escape(bound.help_text)  # a link added with format_html stays a link
    return f'<div id="{escape(bound.auto_id)}_helptext" class="form-text">{text}</div>'


def _flat(attrs: dict) -> str:
    """Attributes as Django's `attrs.html` writes them: `True` bare, `False` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
