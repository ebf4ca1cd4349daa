"""What a run of cssgraph is configured with: built once, by the CLI from its options, and
passed down to the stages that need it (the service, its pages, catalog and endpoint, publishing)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cssgraph.iris import DEFAULT_BASE

# The languages of the interface, the reports and the ontology's labels and definitions.
LANGUAGES = ("fr", "nl", "en")
# The languages conventions are written in (a profile each, in read/profiles/).
DOCUMENT_LANGUAGES = ("fr", "nl")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def _cores() -> int:
    return max(os.cpu_count() or 1, 1)


def _query_memory(cores: int) -> int:
    """What one query may allocate: 1 GB, or less on a machine where the queries running at
    once (4 per core) could not all have that much with half of the memory."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(256 * 2**20, min(2**30, physical // (2 * 4 * cores)))


@dataclass(frozen=True)
class ServiceLimits:
    """What the service accepts at most: in size, in time and at once."""

    max_upload_bytes: int = 10 * 2**20
    timeout_seconds: float = 60.0  # one validation
    max_concurrent: int = field(default_factory=_cores)  # validations at once; a client's queries at once
    kept_reports: int = 64  # reports kept for download after a validation:
    kept_report_bytes: int = 64 * 2**20  # at most this many, this large together,
    kept_report_seconds: float = 3600.0  # and for this long
    # SPARQL (web.query_workers): each query in a forked worker, shared fairly between clients
    query_timeout_seconds: float = 10.0  # one query
    slow_query_seconds: float = 1.0  # a query running longer yields the processors to others
    max_rows: int = 10_000  # rows (or triples) of one answer
    max_answer_bytes: int = 64 * 2**20  # the values of one answer, together
    max_query_memory_bytes: int = field(default_factory=lambda: _query_memory(_cores()))
    max_query_bytes: int = 2**20  # a query sent in a POST body
    max_waiting_queries: int = 256  # queries waiting for a worker, before 503
    max_waiting_queries_per_client: int = 64  # of which one client's, before 429

    @property
    def queries_per_client(self) -> int:
        return self.max_concurrent

    @property
    def max_running_queries(self) -> int:
        """Queries running at once, all clients together: a few per core, the operating
        system shares the processors between them."""
        return 4 * self.max_concurrent

    @property
    def max_slow_queries(self) -> int:
        return self.max_concurrent


@dataclass(frozen=True)
class Settings:
    """One run's configuration. ``data`` empty means the packaged data (data/ in a checkout);
    ``store_location`` None keeps the store in memory."""

    base: str = DEFAULT_BASE  # where the data's IRIs are; data is re-based on load
    data: tuple[str, ...] = ()
    store_location: str | None = None
    limits: ServiceLimits = field(default_factory=ServiceLimits)
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES  # host names requests may use (see web.serve)
    languages: tuple[str, ...] = LANGUAGES

    @property
    def data_paths(self) -> list[str] | None:
        """The data as the store wants it: None for the packaged default."""
        return list(self.data) or None


DEFAULTS = Settings()  # the packaged data under the project's base, the service's default limits
