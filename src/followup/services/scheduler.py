"""The scheduler `followup serve` runs: what `followup notify` does, every few seconds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from followup.notify.settings import NotifySettings
from followup.services.notify import RunReport, notify_once
from followup.services.workspace import Workspace

log = logging.getLogger("followup.notify")


def utc_now() -> datetime:
    return datetime.now(UTC)


def run_scheduler(
    ws: Workspace,
    settings: NotifySettings,
    stop: threading.Event,
    clock: Callable[[], datetime] = utc_now,
    on_run: Callable[[RunReport], None] | None = None,
) -> None:
    """Run `notify_once` every `settings.every` seconds until `stop` is set.

    Meant for a thread of its own (`threading.Thread(target=run_scheduler, args=...)`).
    Several schedulers against one database are safe: the ledger's claims let one of them
    send each reminder. A failing run (the database gone, say) is logged and tried again
    at the next tick; the loop itself never dies of it.
    """
    while not stop.is_set():
        try:
            report = notify_once(ws, settings, clock())
        except Exception:  # the loop must outlive any one run; the next tick tries again
            log.exception("reminder run failed; trying again in %.0f s", settings.every)
        else:
            if on_run is not None:
                on_run(report)
        stop.wait(settings.every)
