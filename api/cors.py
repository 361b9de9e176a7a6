"""Any site may read the API from a browser: `Access-Control-Allow-Origin: *` on its GET, HEAD and OPTIONS
answers, and a preflight answered here.

One header for everyone, with no credentials, so nothing varies by origin (no `Vary: Origin`), and the
page cache keeps it with each stored answer. Everywhere else the site stays same-origin."""

from django.http import HttpResponse

PREFIX = "/api/"
READS = ("GET", "HEAD", "OPTIONS")
PREFLIGHT_SECONDS = 86400


class OpenReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX) or request.method not in READS:
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ", ".join(READS)
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
        else:
            response = self.get_response(request)
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After, Content-Language"
        response["Access-Control-Allow-Origin"] = "*"
        return response
