"""A test client that reaches the site as gunicorn does: stored pages are answered by the page cache's
WSGI application before Django's handler runs (starlight/page_cache.py), everything else by Django."""

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test import Client
from django.test.client import ClientHandler

from starlight.page_cache import cached_answer


class _PageCacheHandler(ClientHandler):
    def __call__(self, environ):
        answer = cached_answer(environ)
        if answer is None:
            return super().__call__(environ)
        status, headers, body = answer
        response = HttpResponse(body, status=int(status.split()[0]), headers=headers)
        response.wsgi_request = WSGIRequest(environ)
        return response


class Visitor(Client):
    """`django.test.Client`, through the page cache as a server runs it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.handler = _PageCacheHandler(self.handler.enforce_csrf_checks)
