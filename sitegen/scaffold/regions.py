"""What a new site needs to know about its country: the numbers to call, with their sources.

Only numbers that a public authority publishes are listed, each with the page that says so; a
region missing here gets a directory skeleton for the group to fill in (never a guess).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    """One number to call, as a contact directory entry, and where the number is published."""

    id: str
    name: str
    phone: str
    when: str
    source: str  # the public page that gives this number


GB_SOURCE = "https://www.gov.uk/contact-police"
CITED_SERVICES: dict[str, tuple[Service, ...]] = {
    "GB": (
        Service(
            "emergency",
            "Police, fire or ambulance in an emergency",
            "999",
            "A crime is happening now, someone is in danger, or someone is hurt.",
            GB_SOURCE,
        ),
        Service(
            "police-non-emergency",
            "Police (not an emergency)",
            "101",
            "To report a crime that has already happened, or to ask the police for advice.",
            GB_SOURCE,
        ),
    ),
}


def cited_services(region: str) -> tuple[Service, ...]:
    """Return the region's cited numbers; () if none are known here."""
    return CITED_SERVICES.get(region.upper(), ())
