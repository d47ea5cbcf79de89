"""Requests per user (a token acts as its user) and per address for anonymous requests.

The rates are read from settings at each request (API_THROTTLE_RATE, API_ANON_THROTTLE_RATE), not
at import as DRF's own classes do, so that a deployment or a test can change them.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class UserThrottle(UserRateThrottle):
    scope = "user"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATE


class AnonThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self) -> str:
        return settings.API_ANON_THROTTLE_RATE
