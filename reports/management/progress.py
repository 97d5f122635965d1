"""The progress bar of the long commands (ingest, reparse, reindex): files done of all, MB (or characters)
done, the rate and the time left, on a terminal only; a summary line is printed by each command."""

from __future__ import annotations

import sys
from collections.abc import Callable

from tqdm import tqdm


class Progress:
    """`with Progress(files=120, size=35_000_000, unit="B") as bar: bar.advance(size_of_one)`"""

    def __init__(self, *, files: int, size: int, out: Callable[[str], object], unit: str = "B", disable: bool = False):
        self.files, self.done, self.out = files, 0, out
        self._bar = tqdm(
            total=size,
            unit=unit,
            unit_scale=True,
            unit_divisor=1024 if unit == "B" else 1000,
            file=sys.stderr,
            disable=disable or not sys.stderr.isatty(),
            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} {postfix} [{elapsed}<{remaining}, {rate_fmt}]",
        )
        self._show()

    def advance(self, size: int) -> None:
        self.done += 1
        self._bar.update(size)
        self._show()

    def write(self, line: str) -> None:
        """A line printed above the bar (or plainly when there is none)."""
        with tqdm.external_write_mode(file=sys.stderr):
            self.out(line)

    def _show(self) -> None:
        self._bar.set_postfix_str(f"{self.done}/{self.files} 份", refresh=False)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_) -> None:
        self._bar.close()
