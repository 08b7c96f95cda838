"""Sections other apps add to the account page (`/account/`).

An app registers a section from its `AppConfig.ready()` (the API app: personal API tokens);
the account page renders what is registered, and this app never imports theirs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class AccountSection:
    #: The section's anchor on the page (`#account-<code>`).
    code: str
    title: str | Promise
    #: Rendered with `data` (what `build` returned) in its context.
    template: str
    #: `build(request, **extra)`: the section's data; `extra` carries what a view of the
    #: section passes back (a bound form with errors, a token just created).
    build: Callable[..., Any]
    #: Whether the section is for this user.
    shown: Callable[[Any], bool] = lambda user: True


ACCOUNT_SECTIONS: list[AccountSection] = []


def add_account_section(section: AccountSection) -> None:
    if all(s.code != section.code for s in ACCOUNT_SECTIONS):
        ACCOUNT_SECTIONS.append(section)


def account_sections(request, extra: dict[str, dict] | None = None) -> list[tuple[Any, Any]]:
    """Each registered section shown to the user, with its data; `extra[code]` goes to that
    section's `build`."""
    extra = extra or {}
    return [
        (section, section.build(request, **extra.get(section.code, {})))
        for section in ACCOUNT_SECTIONS
        if section.shown(request.user)
    ]
