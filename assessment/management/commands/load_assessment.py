"""Load the 2022 assessment: five centres' answers, observations and coded notes.

    manage.py load_assessment --interviewer researcher [--coder coordinator] [--language es|en]

Loading again creates only what is missing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from assessment.services import LANGUAGES, DataSetError, load_assessment


class Command(BaseCommand):
    help = "Load the 2022 assessment's centres, interviews, observations and coded notes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interviewer",
            required=True,
            help="Username recorded as the researcher of the records.",
        )
        parser.add_argument(
            "--coder",
            help="Username recorded as the coder of the notes (default: the interviewer).",
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=settings.LANGUAGE_CODE,
            help="Language of the typed answers and centre names (default: %(default)s).",
        )

    def handle(self, *args, **options):
        language = options["language"]
        interviewer = _user(options["interviewer"])
        coder = _user(options["coder"]) if options["coder"] else interviewer
        try:
            loaded = load_assessment(interviewer=interviewer, coder=coder, language=language)
        except DataSetError as error:
            raise CommandError(str(error)) from error
        with translation.override(language):
            self.stdout.write(
                self.style.SUCCESS(
                    _("Assessment loaded: %(created)d records created, %(present)d already there.")
                    % {"created": loaded.created, "present": loaded.present}
                )
            )


def _user(username: str):
    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"No user named {username!r}.") from None
