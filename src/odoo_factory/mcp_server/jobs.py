"""Long operations (an addon's tests, the gate) as jobs: a thread each, polled by id.

A job records its progress messages, and ends ``done`` (with a result), ``failed`` (with the
user-facing error), or ``cancelled``. ``cancel`` sets the event the use case watches, which
stops Odoo and drops the clone.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from odoo_factory.errors import InputError, OdooFactoryError, RunCancelledError

__all__ = ["Job", "JobManager", "JobState", "Work"]

# The use case of a job: gets a progress callback and the cancel event, returns a result.
Work = Callable[[Callable[[str], None], threading.Event], Any]

_KEEP_FINISHED = 50


class JobState(str, Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class Job:
    """One long operation and everything known about it so far."""

    id: str
    kind: str
    target: str
    started: float = field(default_factory=time.time)
    finished: float | None = None
    state: JobState = JobState.RUNNING
    progress: list[str] = field(default_factory=list)
    result: Any = None
    error: OdooFactoryError | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def seconds(self) -> float:
        return round((self.finished or time.time()) - self.started, 1)

    def status(self) -> dict[str, Any]:
        """What ``job_status`` shows: state, elapsed time, the last progress messages."""
        data: dict[str, Any] = {
            "job_id": self.id,
            "kind": self.kind,
            "target": self.target,
            "state": self.state.value,
            "seconds": self.seconds,
            "progress": self.progress[-5:],
        }
        if self.error is not None:
            data["error"] = self.error.to_dict()
        return data


class JobManager:
    """Starts jobs in threads and keeps the latest ones by id."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def start(self, kind: str, target: str, work: Work) -> Job:
        with self._lock:
            job = Job(id=f"{kind}-{next(self._ids)}", kind=kind, target=target)
            self._jobs[job.id] = job
            self._forget_old()
        thread = threading.Thread(
            target=self._run, args=(job, work), name=f"odoo-factory-{job.id}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: Job, work: Work) -> None:
        try:
            job.result = work(job.progress.append, job.cancel)
            job.state = JobState.CANCELLED if job.cancel.is_set() else JobState.DONE
        except RunCancelledError as exc:
            job.error, job.state = exc, JobState.CANCELLED
        except OdooFactoryError as exc:
            job.error, job.state = exc, JobState.FAILED
        except Exception as exc:  # a bug must end the job, not hang its pollers
            job.error = OdooFactoryError(
                f"the job stopped on an unexpected error: {type(exc).__name__}: {exc}",
                hint="report this; the server's log has the details",
            )
            job.state = JobState.FAILED
        finally:
            job.finished = time.time()
            job.done.set()

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state is not JobState.RUNNING]
        for job in sorted(finished, key=lambda j: j.started)[:-_KEEP_FINISHED]:
            del self._jobs[job.id]

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            known = ", ".join(self._jobs) or "none"
            raise InputError(
                f"no job {job_id!r} (known: {known})",
                hint="jobs live as long as the server; start the operation again",
            )
        return job

    def list(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def cancel_all(self, wait: float = 30.0) -> None:
        """Cancel every running job and give them ``wait`` seconds to clean up."""
        running = [job for job in self.list() if job.state is JobState.RUNNING]
        for job in running:
            job.cancel.set()
        deadline = time.monotonic() + wait
        for job in running:
            job.done.wait(max(deadline - time.monotonic(), 0.0))
