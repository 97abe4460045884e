from __future__ import annotations

import pytest

from mapper.outlets import recognise_outlet


@pytest.mark.parametrize(
    "text, outlet",
    [
        (
            "Headline\n\nBy Gordon Lubold – The Wall Street Journal.\n\nBody.",
            "The Wall Street Journal",
        ),
        (
            "Headline\n\nWASHINGTON DC, United States (Kurdistan 24) – Early Friday morning...",
            "Kurdistan 24",
        ),
        (
            "Headline\n\nBody text.\n\nCopyright © 2020 Dow Jones & Company, Inc.",
            "The Wall Street Journal",
        ),
        ("BAGHDAD (Reuters) - A car bomb exploded on Monday.", "Reuters"),
    ],
)
def test_outlet_named_in_byline_or_copyright(text: str, outlet: str) -> None:
    assert recognise_outlet(text) == outlet


def test_outlet_quoted_in_running_text_is_not_the_publisher() -> None:
    text = "Headline\n\n" + "Filler sentence. " * 40 + "The official told ABC News on Friday."
    assert recognise_outlet(text) is None
