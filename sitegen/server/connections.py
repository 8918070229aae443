"""Threads that answer the dev server's connections, kept between connections.

socketserver's ThreadingMixIn starts a thread for every connection and waits until it runs:
under a burst of 200 connections the accept loop spends most of its time on that hand-over
(the bare stdlib server's p99 was twice that of the same server reusing its threads, see
docs/benchmarks.md). Here a connection goes to a thread that is waiting for one, and a new
thread is started only when none is: a long poll or an event stream holding its thread for
seconds never makes the others wait. Up to `KEEP_IDLE` threads wait; more end.
"""

from __future__ import annotations

import queue
import socket
import socketserver
import threading
from typing import Any

KEEP_IDLE = 32
THREAD_NAME = "sitegen-connection"  # then the port, and how many this server has started
_STOP = None  # put on the queue to end one waiting thread

_Connection = tuple[socket.socket, Any]


class ReusedThreadsMixIn:
    """A socketserver mix-in like ThreadingMixIn, answering each connection on a kept thread.

    The threads are daemon threads (a long poll left open never holds up stopping), as with
    ThreadingMixIn's `daemon_threads`; `server_close` ends the waiting ones.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._waiting: queue.SimpleQueue[_Connection | None] = queue.SimpleQueue()
        self._idle = 0
        self._idle_lock = threading.Lock()
        self._closed = False
        self._started = 0
        super().__init__(*args, **kwargs)

    @property
    def idle_threads(self) -> int:
        """How many threads are waiting for a connection."""
        with self._idle_lock:
            return self._idle

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._idle_lock:
            start = self._idle == 0
            if start:
                self._started += 1
            else:
                self._idle -= 1
        if start:
            thread = threading.Thread(
                target=self._answer_connections,
                args=((request, client_address),),
                name=f"{THREAD_NAME} {self._port()} #{self._started}",
                daemon=True,
            )
            thread.start()
        else:
            self._waiting.put((request, client_address))

    def server_close(self) -> None:
        super().server_close()  # type: ignore[misc]
        with self._idle_lock:
            idle, self._idle, self._closed = self._idle, 0, True
        for _ in range(idle):
            self._waiting.put(_STOP)

    def _port(self) -> int:
        server: socketserver.TCPServer = self  # type: ignore[assignment]
        return int(server.server_address[1])

    def _answer_connections(self, first: _Connection) -> None:
        connection: _Connection | None = first
        while connection is not None:
            self._answer(*connection)
            with self._idle_lock:
                if self._closed or self._idle >= KEEP_IDLE:
                    return
                self._idle += 1
            connection = self._waiting.get()

    def _answer(self, request: socket.socket, client_address: Any) -> None:
        # As ThreadingMixIn.process_request_thread does.
        server: socketserver.BaseServer = self  # type: ignore[assignment]
        try:
            server.finish_request(request, client_address)
        except Exception:
            server.handle_error(request, client_address)
        finally:
            server.shutdown_request(request)
