"""The processes that answer `cssgraph serve`'s SPARQL queries, shared fairly between clients.

Each query runs in a forked worker that inherited the store and left the network (the store
executes SERVICE itself: however a query is spelled, there is nothing to reach). A worker is
bounded in time (killed at the time limit), in memory (an address-space limit: a query that
needs more dies alone) and in the size of its answer; a dead or killed worker is replaced.

So that no client can deny the endpoint to the others (clients are told apart by address), the
clients whose queries are short go first, as in an operating system's scheduler:
- a client runs at most ``queries_per_client`` queries at once, and all clients together
  ``max_running_queries``; other queries wait their turn, and when a worker frees up, the
  waiting client whose queries took least time lately goes first;
- a query still running after ``slow_query_seconds`` yields the processors: its worker drops to
  the lowest priority, and other clients' short queries run beside it at full speed. A client
  has one such long query at a time, the server ``max_slow_queries``: past that, a query is
  stopped when it turns long (the time limit is shorter when the server is busy);
- a client whose queries lately took more than a quarter of ``slow_query_seconds``, or one of
  which has been running that long, is a heavy user: its queries run at the lowest priority
  from the start, and heavy users leave ``max_concurrent`` workers to the others.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import signal
import stat
import sys
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Final, TypedDict

from cssgraph.errors import InputError, ServiceError, size_text
from cssgraph.query import Dataset, QueryResult, evaluate

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

    from cssgraph.settings import ServiceLimits


class Refusal(TypedDict):
    """A query the worker refused, as the endpoint answers it: an HTTP status and a message."""

    status: int
    error: str


# A worker's answer: (media type, body), or a refusal.
Answer = tuple[str, str] | Refusal
# What a worker writes a query's result with, for the client's Accept header: (media type, body).
Render = Callable[[QueryResult, str], tuple[str, str]]
# What a worker is sent: a query's text, the Accept header, the graphs the request names.
_Request = tuple[str, str, Dataset | None, str | None]  # text, Accept, dataset, base IRI


class _Sentinel(Enum):  # (a member of its own type, so that an answer's type tells it apart)
    TIMED_OUT = "timed out"


TIMED_OUT: Final = _Sentinel.TIMED_OUT


class QueryWorker:
    """A forked process that answers queries over the store it inherited, one at a time, for as
    long as it is kept: a query costs no process start."""

    def __init__(self, store: ox.Store, limits: ServiceLimits, render: Render, warn: bool = True):
        context = multiprocessing.get_context("fork")
        self.requests: Connection[_Request, Answer]
        child_requests: Connection[Answer, _Request]
        self.requests, child_requests = context.Pipe()
        self.process = context.Process(
            target=_serve_queries, args=(child_requests, store, limits, render, warn), daemon=True
        )
        self.process.start()
        child_requests.close()
        self.memory = limits.max_query_memory_bytes
        self.lowered = False  # running at the lowest priority (which it cannot leave)

    def send(self, text: str, accept: str, dataset: Dataset | None, base_iri: str | None) -> None:
        self.requests.send((text, accept, dataset, base_iri))

    async def answer(self, timeout: float) -> Answer | _Sentinel:
        """The worker's answer — (media type, body), or a {"status", "error"} for a query
        refused — or TIMED_OUT; a ServiceError if the worker died."""
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        descriptor = self.requests.fileno()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(descriptor, wake)
        try:
            await asyncio.wait_for(readable, timeout)
        except TimeoutError:
            return TIMED_OUT
        finally:
            loop.remove_reader(descriptor)
        try:
            return await loop.run_in_executor(None, self.requests.recv)
        except (EOFError, OSError):
            raise self._death() from None

    def _death(self) -> ServiceError:
        self.process.join(timeout=2)
        # The allocator aborts (SIGABRT) when the address-space limit refuses memory; the
        # kernel's OOM killer sends SIGKILL.
        if self.process.exitcode in (-signal.SIGABRT, -signal.SIGKILL):
            return ServiceError(
                422,
                f"the query needed more than the {size_text(self.memory)} of memory a query "
                "may use and was stopped: select less, or add a LIMIT",
            )
        return ServiceError(500, "the query worker stopped unexpectedly")

    def yield_processors(self) -> None:
        """Run at the lowest priority from now on: other queries first."""
        self.lowered = True
        assert self.process.pid is not None  # (started in __init__)
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 19)
        except OSError:  # it has just ended
            pass

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.requests.close()


def _end_with_parent() -> None:
    """Be killed when the server dies (Linux prctl PR_SET_PDEATHSIG): a worker busy with a
    long query would otherwise go on alone, holding a processor."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def without_network() -> bool:
    """Leave the network: this process moves to a network namespace of its own, which has no
    interface up. Unprivileged, through a user namespace; False where the system allows
    neither."""
    import ctypes

    unshare: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).unshare  # int unshare(int flags)
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return unshare(clone_newnet) == 0 or unshare(clone_newuser | clone_newnet) == 0


def _serve_queries(
    requests: Connection[Answer, _Request], store: ox.Store, limits: ServiceLimits, render: Render, warn: bool
) -> None:
    # The server's handlers (uvicorn's graceful SIGTERM) are not the worker's: it just ends,
    # and it ends with its server, even in the middle of a query (killed with it).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _end_with_parent()
    if not without_network() and warn:
        print(
            "cssgraph: warning: this system allows no network namespace: the SPARQL workers keep the "
            "network, and only the SERVICE check of the query text keeps them from it",
            file=sys.stderr,
            flush=True,
        )
    _limit_memory(limits.max_query_memory_bytes)
    _close_sockets(keep=requests.fileno())
    server = os.getppid()
    while True:
        # Workers forked later hold this pipe's other end too, so the server's death does not
        # always close it: the worker also stops when its server is gone.
        if not requests.poll(1.0):
            if os.getppid() != server:
                return
            continue
        try:
            text, accept, dataset, base_iri = requests.recv()
        except EOFError:  # the server went away
            return
        try:  # the answer is written here too: the server only passes it on
            requests.send(
                render(
                    evaluate(
                        store,
                        text,
                        "the query",
                        max_rows=limits.max_rows,
                        max_answer_bytes=limits.max_answer_bytes,
                        dataset=dataset,
                        base_iri=base_iri,
                    ),
                    accept,
                )
            )
        except InputError as error:
            requests.send({"status": 400, "error": str(error)})
        except ServiceError as error:
            requests.send({"status": error.status, "error": error.message})
        except MemoryError:
            os.abort()  # as the store's allocator does: the pool reads SIGABRT as a query past its memory


def _close_sockets(keep: int) -> None:
    """Close the server's sockets this process inherited (its listening socket, its clients'
    connections): a worker answers through its pipe only, and one that outlives its server must
    not keep the server's port."""
    for name in os.listdir("/proc/self/fd"):
        descriptor = int(name)
        try:
            if descriptor != keep and stat.S_ISSOCK(os.fstat(descriptor).st_mode):
                os.close(descriptor)
        except OSError:  # the listing's own descriptor, closed by now
            pass


def _limit_memory(extra: int) -> None:
    """Let this process grow by ``extra`` bytes of address space beyond what it inherited (and
    write no core file when it dies of it)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.environ["RUST_BACKTRACE"] = "0"  # the store's allocator then says its one line, not a backtrace
    with open("/proc/self/status", encoding="ascii") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))


class QueryPool:
    """Workers, and the clients' queries waiting for one."""

    def __init__(self, store: ox.Store, limits: ServiceLimits, render: Render):
        self.store, self.limits, self.render = store, limits, render
        self.warned = False  # a system without network namespaces is said once, by the first worker
        self.idle: list[QueryWorker] = []
        self.running: Counter[str] = Counter()  # queries running, per client
        self.slow: Counter[str] = Counter()  # of which past slow_query_seconds
        self.since: dict[int, tuple[str, float]] = {}  # each query running: its client, when it started
        self.waiting: dict[str, deque[asyncio.Future[None]]] = {}  # per client, the longest-waiting client first
        self.cost = TypicalCost(unknown=limits.slow_query_seconds / 8)

    def close(self) -> None:
        """Stop the idle workers (at the server's shutdown)."""
        while self.idle:
            self.idle.pop().stop()

    async def run(
        self, client: str, text: str, accept: str, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> Answer:
        """The answer to one query of ``client``, once it is its turn; its relative IRIs resolve
        against ``base_iri``."""
        await self._turn(client)
        try:
            return await self._on_a_worker(client, text, accept, dataset, base_iri)
        finally:
            self._ended(client)

    async def _turn(self, client: str) -> None:
        if self._may_start(client):
            self.running[client] += 1
            return
        limits = self.limits
        if sum(len(queue) for queue in self.waiting.values()) >= limits.max_waiting_queries:
            raise ServiceError(503, "too many queries waiting: try again in a moment")
        if len(self.waiting.get(client, ())) >= limits.max_waiting_queries_per_client:
            raise ServiceError(
                429,
                f"you have {limits.max_waiting_queries_per_client} queries waiting already: "
                "wait for their answers before sending more",
            )
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(client, deque()).append(turn)
        try:
            await turn  # _next counts the query as running before it gives the turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self._ended(client)
            else:
                self._forget(client, turn)
            raise

    def _ended(self, client: str) -> None:
        self.running[client] -= 1
        if not self.running[client]:
            del self.running[client]  # the counters hold the clients of the moment, not every one seen
        self._next()

    def _may_start(self, client: str) -> bool:
        limits = self.limits
        if (
            self.running[client] >= limits.queries_per_client
            or sum(self.running.values()) >= limits.max_running_queries
        ):
            return False
        if not self._heavy(client):
            return True
        heavy = sum(count for other, count in self.running.items() if self._heavy(other))
        return heavy < limits.max_running_queries - limits.max_concurrent

    def _heavy(self, client: str) -> bool:
        threshold = self.limits.slow_query_seconds / 4
        if self.cost.of(client) > threshold:
            return True
        now = time.monotonic()
        return any(name == client and now - started > threshold for name, started in self.since.values())

    def _next(self) -> None:
        """Give freed turns to waiting clients, the one whose queries are shortest first."""
        while True:
            ready = [client for client in self.waiting if self._may_start(client)]
            if not ready:
                return
            client = min(ready, key=self.cost.of)  # min keeps the longest-waiting on ties
            turn = self.waiting[client].popleft()
            self._forget(client, None)
            if not turn.cancelled():
                self.running[client] += 1
                turn.set_result(None)

    def _forget(self, client: str, turn: asyncio.Future[None] | None) -> None:
        """Take ``turn`` out of the client's queue; the client goes to the back of the line."""
        queue = self.waiting.pop(client)
        if turn is not None:
            queue.remove(turn)
        if queue:
            self.waiting[client] = queue

    async def _on_a_worker(
        self, client: str, text: str, accept: str, dataset: Dataset | None, base_iri: str | None
    ) -> Answer:
        limits = self.limits
        worker = self.idle.pop() if self.idle else self._new_worker()
        if self._heavy(client):
            worker.yield_processors()
        kept, started = False, time.monotonic()
        self.since[id(worker)] = (client, started)
        try:
            worker.send(text, accept, dataset, base_iri)
            answer = await worker.answer(min(limits.slow_query_seconds, limits.query_timeout_seconds))
            if answer is TIMED_OUT and limits.query_timeout_seconds > limits.slow_query_seconds:
                answer = await self._long(client, worker)
            if answer is TIMED_OUT:
                raise ServiceError(
                    504, f"the query took longer than {limits.query_timeout_seconds:g} s and was stopped"
                )
            kept = not worker.lowered and len(self.idle) < limits.max_concurrent
            return answer
        finally:
            del self.since[id(worker)]
            self.cost.add(client, time.monotonic() - started)
            if kept:
                self.idle.append(worker)
            else:
                worker.stop()

    def _new_worker(self) -> QueryWorker:
        worker = QueryWorker(self.store, self.limits, self.render, warn=not self.warned)
        self.warned = True
        return worker

    async def _long(self, client: str, worker: QueryWorker) -> Answer | _Sentinel:
        """A query past slow_query_seconds: it goes on at the lowest priority, if it may."""
        limits = self.limits
        if self.slow[client] >= 1:
            raise ServiceError(
                429,
                f"you have a long query running already: this one was stopped after "
                f"{limits.slow_query_seconds:g} s; send it again when the other has ended",
            )
        if sum(self.slow.values()) >= limits.max_slow_queries:
            raise ServiceError(
                503,
                f"the server is busy with long queries: this one was stopped after "
                f"{limits.slow_query_seconds:g} s; try again later, or query the dumps "
                "(/dataset) on your own machine",
            )
        self.slow[client] += 1
        worker.yield_processors()
        try:
            return await worker.answer(limits.query_timeout_seconds - limits.slow_query_seconds)
        finally:
            self.slow[client] -= 1
            if not self.slow[client]:
                del self.slow[client]


class TypicalCost:
    """How long each client's queries take lately: an average in which each new query counts
    for half (a client that turns to short queries is light again after a few). A client not
    seen yet is taken as ``unknown``: light, but after those known to be short. Kept for the
    ``most_clients`` seen last."""

    def __init__(self, unknown: float, most_clients: int = 10_000):
        self.unknown, self.most_clients = unknown, most_clients
        self.seconds: OrderedDict[str, float] = OrderedDict()

    def of(self, client: str) -> float:
        return self.seconds.get(client, self.unknown)

    def add(self, client: str, seconds: float) -> None:
        self.seconds[client] = (self.seconds.pop(client, seconds) + seconds) / 2
        if len(self.seconds) > self.most_clients:
            self.seconds.popitem(last=False)
