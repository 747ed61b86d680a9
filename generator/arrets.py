"""Clean stops of a long command: Ctrl+C (SIGINT), ``kill`` or a service manager (SIGTERM), a
closed terminal (SIGHUP) are handled alike.

Inside ``arrets_propres()``, each of these signals raises ``Arret``, which (like Ctrl+C's
KeyboardInterrupt, and unlike an ``Exception``) unwinds through every ``with`` and ``finally``:
the PDF workers and MkDocs are ended, the staging folder is removed, the previous site stays.
Once the first signal is received, the others are ignored, so that nothing interrupts the
clean-up. ``sans_interruption()`` holds a signal during a step that must not be cut in two
(the swap of the new site), and delivers it at the end.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

_CAUSES = {signal.SIGINT: "Ctrl+C", signal.SIGTERM: "signal d'arrêt SIGTERM",
           signal.SIGHUP: "terminal fermé, SIGHUP"}


class Arret(BaseException):
    """A stop asked by a signal. Exit code: 128 + the signal's number (130, 143, 129)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def code(self) -> int:
        return 128 + self.signum

    @property
    def cause(self) -> str:
        return _CAUSES.get(self.signum, f"signal {self.signum}")


_held: list[int] = []  # signals received inside ``sans_interruption``
_holding = [0]  # depth of ``sans_interruption``


def _handler(signum: int, frame: object) -> None:
    for sig in STOP_SIGNALS:  # the clean-up that follows is not interrupted
        signal.signal(sig, signal.SIG_IGN)
    if _holding[0]:
        _held.append(signum)
        return
    raise Arret(signum)


@contextmanager
def arrets_propres() -> Iterator[None]:
    """Stop signals raise ``Arret`` inside the block; the previous handlers come back after."""
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        signal.signal(sig, _handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def sans_interruption() -> Iterator[None]:
    """A stop signal received inside the block takes effect at its end."""
    _holding[0] += 1
    try:
        yield
    finally:
        _holding[0] -= 1
        held = _held[:1] if not _holding[0] else []
        if held:
            _held.clear()
    if held:
        raise Arret(held[0])
