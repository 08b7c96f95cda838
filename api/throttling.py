"""Per-user throttles whose rates are read from the settings on each request (DRF's own read
them once, at import), so that a deployment or a test can change them."""

from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class UserThrottle(UserRateThrottle):
    """Every API request of a user: `DEFAULT_THROTTLE_RATES["user"]`."""

    scope = "user"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class ResultsThrottle(UserThrottle):
    """The results (aggregate queries over every counted record): a rate of their own."""

    scope = "results"
