"""Progress: a bar only for a person at a terminal."""

from __future__ import annotations

import io

import pytest

from mapper.progress import BAR_THRESHOLD, BuildProgress, wants_bar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert wants_bar(FakeTerminal(), quiet=False)
    assert not wants_bar(FakeTerminal(), quiet=True)
    assert not wants_bar(io.StringIO(), quiet=False)
    monkeypatch.setenv("CI", "true")
    assert not wants_bar(FakeTerminal(), quiet=False)


def test_bar_draws_and_closes_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = FakeTerminal()
    with BuildProgress(stream=stream) as progress:
        progress("analyse", 0, BAR_THRESHOLD * 2)
        progress("analyse", BAR_THRESHOLD * 2, BAR_THRESHOLD * 2)
    assert "analyse articles" in stream.getvalue()


def test_short_builds_and_pipes_draw_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = FakeTerminal()
    with BuildProgress(stream=stream) as progress:
        progress("analyse", 0, 3)
    assert stream.getvalue() == ""
    piped = io.StringIO()
    with BuildProgress(stream=piped) as progress:
        progress("analyse", 0, 10_000)
    assert piped.getvalue() == ""
