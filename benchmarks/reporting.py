"""How a benchmark script runs: a report, not a test."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable


def run_report(main: Callable[[], None]) -> None:
    """Run `main`. A measuring child (`--child ...`) fails loudly, for its parent to report; the
    parent says what failed and still exits 0 (a missed target or a crash is in the report)."""
    if "--child" in sys.argv:
        main()
        sys.exit(0)
    try:
        main()
    except Exception as exc:
        traceback.print_exc()
        print(f"benchmark did not complete: {exc}")
