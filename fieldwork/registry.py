"""The installed instruments' record models, found through Django's app registry.

`fieldwork` sits below the instruments (`interviews`, `observations`): it never imports them.
Code here that must act on every instrument asks this module, which lists the concrete
subclasses of `Record` in the order of INSTALLED_APPS."""

from django.apps import apps

from .models import Record


def instrument_models() -> tuple[type[Record], ...]:
    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Record) and not model._meta.abstract
    )
