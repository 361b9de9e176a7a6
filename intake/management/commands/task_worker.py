import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from common.processes import exit_with_parent as exit_with_parent_process
from intake import db_statistics, workers
from intake.jobs import this_worker
from intake.schedule import schedule


class Command(BaseCommand):
    help = (
        "Run a background worker: it takes the tasks queued in the database (imports started in the admin, "
        "the sources' feeds on their schedule) until stopped. Tasks that a worker which is gone left running "
        "are queued again. Run as many as you like, on any host that reaches the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--queue",
            default="default",
            choices=["default", "cards"],
            help="default: imports, feeds and the rest; cards: drawing share cards, apart so they never hold those up",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument(
            "--exit-with-parent", action="store_true", help="end when the process that started this one ends"
        )

    def handle(
        self, *args, batch: bool, interval: float, exit_with_parent: bool, queue: str, verbosity: int, **options
    ):
        if exit_with_parent:
            exit_with_parent_process(os.getppid())
        me, since = this_worker()[:64], timezone.now()
        for task_id in workers.recover(me=me, since=since):
            self.stderr.write(f"Task {task_id} was left running by a worker that is gone; queued again or failed.")
        workers.renew(me)
        schedule()  # the sources' feeds: read on each one's schedule from now on
        db_statistics.schedule()  # SQLite's planner statistics, refreshed every DB_OPTIMIZE_HOURS
        lease = workers.Lease(me, since)
        lease.start()
        try:
            call_command(
                "db_worker",
                batch=batch,
                queue_name=queue,
                interval=interval,
                reload=False,
                startup_delay=False,
                worker_id=me,
                verbosity=verbosity,
            )
        finally:
            lease.stop()
            workers.release(me)
