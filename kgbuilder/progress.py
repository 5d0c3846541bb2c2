"""What the user sees while a build runs: a progress bar on a terminal, a line now and then elsewhere."""
from __future__ import annotations

import sys
import time


class Progress:
    """A progress bar on a terminal; without one (logs, CI) a line every ``interval`` seconds."""

    def __init__(self, total: int | None, enabled: bool, interval: float = 30.0):
        from tqdm import tqdm

        # disable=None: a bar only when stderr is a terminal
        self.bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, desc="building",
                        file=sys.stderr, disable=None if enabled else True, dynamic_ncols=True, leave=False)
        self.lines = enabled and self.bar.disable
        self.total = total
        self.interval = interval
        self.started = self.last = time.perf_counter()
        self.done_bytes = self.documents = self.parsed = self.words = 0

    def advance(self, nbytes: int, documents: int = 0, parsed: int = 0, words: int = 0) -> None:
        self.done_bytes += nbytes
        self.documents += documents
        self.parsed += parsed
        self.words += words
        now = time.perf_counter()
        rate = self.parsed / max(now - self.started, 1e-9)
        if not self.bar.disable:
            self.bar.set_postfix_str(f"{self.documents:,} docs, {rate:,.1f} docs/s", refresh=False)
            self.bar.update(nbytes)
        elif self.lines and now - self.last >= self.interval:
            self.last = now
            share = f", {100 * self.done_bytes / self.total:.0f}% of the input" if self.total else ""
            print(f"building: {self.documents:,} documents ({rate:,.1f} documents/s, "
                  f"{self.words / max(now - self.started, 1e-9):,.0f} words/s){share}", file=sys.stderr, flush=True)

    def write(self, text: str) -> None:
        from tqdm import tqdm

        tqdm.write(text, file=sys.stderr)  # above the bar, not through it

    def close(self) -> None:
        self.bar.close()
