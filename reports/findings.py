"""Counts by sector, and the findings written out in words in the assessment's style."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext


@dataclass(frozen=True)
class Tally:
    public: int = 0
    private: int = 0

    @property
    def total(self) -> int:
        return self.public + self.private

    def __sub__(self, other: "Tally") -> "Tally":
        return Tally(self.public - other.public, self.private - other.private)


def where(tally: Tally) -> str:
    """ "2 private and 1 public CAS", "1 public CAS", "no CAS"."""
    if tally.private and tally.public:
        # In parts, so that each number agrees with its own noun ("1 CAS privado y 2 públicos").
        private = npgettext("both sectors", "%(n)d private", "%(n)d private", tally.private)
        public = npgettext("both sectors", "%(n)d public", "%(n)d public", tally.public)
        return _("%(private)s and %(public)s CAS") % {
            "private": private % {"n": tally.private},
            "public": public % {"n": tally.public},
        }
    if tally.private:
        return ngettext("%(n)d private CAS", "%(n)d private CAS", tally.private) % {
            "n": tally.private
        }
    if tally.public:
        return ngettext("%(n)d public CAS", "%(n)d public CAS", tally.public) % {"n": tally.public}
    return _("no CAS")


def yes_finding(answer: str, tally: Tally, base: Tally) -> str:
    """ "Known in 2 private and 1 public CAS (3 of 5)." """
    return _("%(answer)s in %(where)s (%(count)d of %(n)d).") % {
        "answer": answer,
        "where": where(tally),
        "count": tally.total,
        "n": base.total,
    }


def option_finding(option: str, tally: Tally, base: Tally) -> str:
    """ "Migration Law: 2 private CAS (2 of 5)." """
    return _("%(option)s: %(where)s (%(count)d of %(n)d).") % {
        "option": option,
        "where": where(tally),
        "count": tally.total,
        "n": base.total,
    }
