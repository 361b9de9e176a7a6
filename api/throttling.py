"""At most `API_RATE` requests per client address (`STARLIGHT_API_RATE`); then 429 with Retry-After.

Counted in the site's cache, so with Redis every worker and host counts together. Answers the page
cache gives never reach Django and are not counted: they cost the site next to nothing."""

import ipaddress

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from common.auth import client_ip


class AddressThrottle(SimpleRateThrottle):
    scope = "address"

    def get_rate(self):
        # Read on each request, not when the class is made: a setting changed in a test counts.
        return settings.API_RATE or None

    def allow_request(self, request, view):
        if not settings.API_RATE_LOOPBACK and _is_loopback(client_ip(request)):
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
