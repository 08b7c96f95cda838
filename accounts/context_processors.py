from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import roles as role_rules

#: The device scripts' words by language: translated once per process, not on every page.
_DEVICE_STRINGS: dict[str, dict[str, str]] = {}


def _device_strings() -> dict[str, str]:
    from fieldwork.device_strings import DEVICE_STRINGS

    language = get_language()
    strings = _DEVICE_STRINGS.get(language)
    if strings is None:
        strings = {key: str(value) for key, value in DEVICE_STRINGS.items()}
        _DEVICE_STRINGS[language] = strings
    return strings


def device_strings(request):
    from .privacy import device_owner

    return {
        "device_strings": _device_strings(),
        # What device.js stamps on everything it keeps, so that another user never sees it.
        "device_owner": device_owner(request.user),
    }


def _returned_count(request) -> int:
    """The menu's badge: the user's records returned for changes, one COUNT per request."""
    if not hasattr(request, "_returned_count"):
        from fieldwork.selectors import returned_count

        request._returned_count = returned_count(request.user)
    return request._returned_count


def roles(request):
    user = request.user
    fills_forms = role_rules.can_fill_forms(user)
    return {
        # Counted only when a page shows it (the menu of a logged-in page).
        "returned_count": SimpleLazyObject(lambda: _returned_count(request) if fills_forms else 0),
        "can_fill_forms": role_rules.can_fill_forms(user),
        "can_read_registry": role_rules.can_read_registry(user),
        "can_edit_registry": role_rules.can_edit_registry(user),
        "can_read_results": role_rules.can_read_results(user),
        "can_code_notes": role_rules.can_code_notes(user),
        "is_coordinator": role_rules.is_coordinator(user),
        "can_import": role_rules.can_import(user),
    }


def languages(request):
    """The switcher's choices, each named in its own language."""
    from django.conf import settings
    from django.utils.translation import get_language, get_language_info

    current = get_language()
    return {
        "language_choices": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
