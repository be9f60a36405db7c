"""A shorter key bar for narrow terminals: some keys left out of the footer (they still work,
and `?` lists them), so the footer's last key, `? Help`, is never cut off."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from textual.binding import ActiveBinding

__all__ = ["without_keys"]


def without_keys(bindings: Mapping[str, ActiveBinding], actions: Collection[str]) -> dict[str, ActiveBinding]:
    """The active bindings with those of `actions` hidden from the footer."""
    return {
        key: active._replace(binding=replace(active.binding, show=False))
        if active.binding.action in actions
        else active
        for key, active in bindings.items()
    }
