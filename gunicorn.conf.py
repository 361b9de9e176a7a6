"""gunicorn settings, read from the environment (see docs/operations.md)."""

import multiprocessing
import os

from starlight.env import env_bool

wsgi_app = "starlight.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Enough workers to keep both cores busy while one waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn by itself believes X-Forwarded-Proto and its like from 127.0.0.1 and then tells Django the visitor
# came over https. Only a TLS-terminating proxy in front (DJANGO_BEHIND_TLS_PROXY, which Django's settings
# follow too) may say so, from the addresses in FORWARDED_ALLOW_IPS, and through the one header Django reads.
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
# Restart workers now and then so a slow leak can never grow without bound.
max_requests = 50000
max_requests_jitter = 200

# The background workers run beside the web workers: one for imports started in the admin and the
# sources' feeds, one drawing share cards (an import of thousands of articles queues as many cards,
# which must not hold up the next import). Started when gunicorn is ready, restarted if they die,
# stopped with gunicorn. STARLIGHT_TASK_WORKER=0 leaves them out, where workers run elsewhere
# (`python manage.py task_worker`, and `task_worker --queue cards`).
_task_workers = []


def when_ready(server):
    if os.environ.get("STARLIGHT_TASK_WORKER", "1").strip() != "0":
        from starlight.task_worker import TaskWorker

        _task_workers.extend([TaskWorker(), TaskWorker(queue="cards")])
        for worker in _task_workers:
            worker.start()


def on_exit(server):
    for worker in _task_workers:
        worker.stop(timeout=graceful_timeout)
