"""Django's own messages that people read here, marked so that this app's catalogue holds them.

Django's Spanish is Spain's ("Introduzca", "clave", "Por favor, ..."); the interface speaks the
Spanish of Mexico. This app comes first in INSTALLED_APPS, so its translations of these exact
messages take precedence over Django's. Nothing imports this module: it exists to be extracted.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = (
    # Log in, change and reset the password (django.contrib.auth).
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Old password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be entirely numeric."),
    # Field errors of the forms (django.forms).
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    # Django's messages that Django REST Framework (an installed app, so its catalogue goes
    # over Django's) translates otherwise: kept as the site says them.
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
)
