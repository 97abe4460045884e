import pytest

from mapper.fatalities import find_fatalities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike may have resulted in “a handful of fatalities,”", (3, 5)),
        ("at least 17 fighters were killed", (17, 17)),
        ("reported one dead and several injured.", (1, 1)),
        ("killing as many as 20 people, though preliminary reports indicated eight", (8, 20)),
        ("the assault that killed a contractor and a civilian and injured eight", (2, 2)),
        ("The death toll from Friday's bombing at a mosque rose to 63 on Sunday", (63, 63)),
        ("Gunmen shot dead a district official", (1, 1)),
        ("There were no immediate reports of casualties", (None, None)),
        ("wounded six others", (None, None)),
    ],
)
def test_tolls(text: str, expected: tuple[int | None, int | None]) -> None:
    assert find_fatalities(text) == expected
