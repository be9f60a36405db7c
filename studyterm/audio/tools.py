"""The external programs audio work needs, found on PATH, with what to install when missing."""

from __future__ import annotations

import shutil

from studyterm.errors import StudytermError

__all__ = ["MissingTool", "require"]

# the Debian/Ubuntu package that brings each program (Homebrew names them alike)
_PACKAGES = {
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "ffplay": "ffmpeg",
    "mpv": "mpv",
    "espeak-ng": "espeak-ng",
}


class MissingTool(StudytermError):
    """A program studyterm runs is not installed."""


def require(program: str, purpose: str) -> str:
    """The path of `program`, or MissingTool saying how to install it."""
    path = shutil.which(program)
    if path is None:
        package = _PACKAGES.get(program, program)
        raise MissingTool(
            f"{purpose} needs {program}, which is not installed "
            f"(on Debian/Ubuntu: apt-get install {package}; macOS: brew install "
            f"{package})"
        )
    return path
