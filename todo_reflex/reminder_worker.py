"""``todo-reminders`` (``python -m todo_reflex.reminder_worker``): reminders, as they fall due.

Run as many as you like against PostgreSQL (each reminder is delivered once, see
``core/delivery.py``); on SQLite run one. Every ``REMINDER_POLL_SECONDS`` it delivers what is
due, ``REMINDER_BATCH_SIZE`` at a time, then emails the mail server could not take before;
reminders that fell due while no worker ran are delivered at start, marked late. SIGTERM or
SIGINT stop it after the reminder in hand.
``--once`` delivers what is due now and exits (cron, tests). It touches ``HEARTBEAT`` in
``DATA_DIR`` before every reminder and every wait: ``entrypoint.sh reminders-alive`` (the pod's
probes) checks that the file is fresh, so a worker stuck anywhere is restarted.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path
from types import FrameType

from todo_reflex.core.db import engine_for
from todo_reflex.core.delivery import deliver_due, recover_unsent, retry_due
from todo_reflex.core.errors import dependency_down
from todo_reflex.core.logs import configure_logging
from todo_reflex.core.mailer import Mailer
from todo_reflex.core.settings import Settings, get_settings

logger = logging.getLogger("todo_reflex.reminder_worker")
HEARTBEAT = "reminder-worker.alive"


def _heartbeat(settings: Settings) -> Path:
    path = settings.data_dir / HEARTBEAT
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run(settings: Settings, stop: threading.Event, *, once: bool = False) -> int:
    """Deliver due reminders until ``stop`` is set (or, with ``once``, none is due); how many."""
    engine = engine_for(settings.database_url)
    heartbeat = _heartbeat(settings)

    def stopping() -> bool:
        heartbeat.touch()
        return stop.is_set()

    if recovered := recover_unsent(engine=engine):
        logger.warning("%d email(s) were being sent when the last worker stopped: sending again",
                       recovered)
    total = 0
    with Mailer(settings) as mailer:
        while not stopping():
            try:
                claimed = deliver_due(engine=engine, mailer=mailer, settings=settings,
                                      limit=settings.reminder_batch_size, stopping=stopping)
                retried = retry_due(engine=engine, mailer=mailer, settings=settings,
                                    limit=settings.reminder_batch_size, stopping=stopping)
            except Exception as error:
                if not dependency_down(error):
                    raise
                logger.warning("the database is out of reach (%s); retrying", error)
                claimed = retried = 0
            total += claimed
            if max(claimed, retried) < settings.reminder_batch_size:
                if once:
                    break
                mailer.close()  # no idle connection between passes: servers drop them
                stop.wait(settings.reminder_poll_seconds)
    return total


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, then deliver reminders until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    args = parser.parse_args(argv)
    settings = get_settings()
    configure_logging("todo-reminders", settings.log_level)
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("stopping (%s)", signal.Signals(signum).name)
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop)
    mail = "the log" if not settings.smtp_host else f"{settings.smtp_host}:{settings.smtp_port}"
    logger.info("reminder worker started (mail to %s, every %.1f s)", mail,
                settings.reminder_poll_seconds)
    total = run(settings, stop, once=args.once)
    logger.info("reminder worker stopped after %d reminder(s)", total)


if __name__ == "__main__":
    main()
