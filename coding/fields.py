"""The items a theme applies to: codable item codes, stored like a `multi` answer."""

from fieldwork.fields import MultiChoiceField


class ItemCodesField(MultiChoiceField):
    """`,code,code,` text of codable item codes (`items__has="main_challenges"` works).

    The valid codes come from the instrument specs when validated, not from the migration, so
    that a new codable item needs no migration here.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def _codes(self):
        from .notes import codable_codes

        return codable_codes()
