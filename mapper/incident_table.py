"""The plain-text incident table that ``mapper incidents`` prints (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

from mapper.models import Incident

COLUMNS = ("id", "date", "type", "place", "precision", "fatalities", "sources", "links")


def _date(incident: Incident) -> str:
    if incident.date_start is None:
        return "unknown"
    text = incident.date_start.isoformat()
    if incident.date_end and incident.date_end != incident.date_start:
        text += f"..{incident.date_end.isoformat()}"
    return f"{text} ({incident.time_precision})"


def _fatalities(incident: Incident) -> str:
    low, high = incident.fatalities_low, incident.fatalities_high
    if low is None and high is None:
        return "-"
    return str(low) if low == high else f"{low}-{high}"


def incident_rows(incidents: Sequence[Incident]) -> list[tuple[str, ...]]:
    """One row of strings per incident, in the given order."""
    short = {i.id: i.id.removeprefix("inc-")[:6] for i in incidents}
    rows: list[tuple[str, ...]] = []
    for incident in incidents:
        links = ", ".join(
            f"{link.relation} {short.get(link.target, link.target)}" for link in incident.links
        )
        rows.append(
            (
                short[incident.id],
                _date(incident),
                incident.event_type,
                f"{incident.location} [{incident.country_code}]",
                f"{incident.geo_precision} (±{incident.uncertainty_km:g} km)",
                _fatalities(incident),
                f"{len(incident.sources)}: " + ", ".join(s.doc_id[:12] for s in incident.sources),
                links or "-",
            )
        )
    return rows


def render_table(rows: Sequence[tuple[str, ...]]) -> str:
    """Align ``rows`` under :data:`COLUMNS` as a plain-text table."""
    table = [COLUMNS, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + f"\n{len(rows)} incidents"
