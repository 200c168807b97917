"""The document context: which countries a report is about, and the actors it leaves unowned.

A report rarely repeats its country: a South African story speaks of "police", "protesters" and
"the municipality"; a South Asia incident summary of "Maoists" and "security forces" in a
district the reader is expected to place. The actor coder reads one phrase at a time and leaves
such actors without a country (``---COP``). This package reads the whole report:

- :mod:`~flashpoint.context.countries` weighs the countries the report is about from the places it
  names (resolved by the gazetteer; a state named where something happens, "police in Cameroon",
  counts as a place) and the actors whose own words name a country, never from the dateline,
  which only says where the reporter sits, nor from a wire agency's credit ("Sapa-AFP"). A
  country is the report's when it holds more than half the evidence or twice the next country's,
  or when it is the only country named;
- :mod:`~flashpoint.context.grounding` gives each unowned actor the country its own phrase places
  it in ("police in Quetta"), else the one country of its sentence's places, else the report's
  country when one clearly dominates, with the reason in the actor's ``rule``. An explicit
  nationality always wins: grounding only fills a country the words left open. An organisation
  the recogniser names and no table knows ("Vodacom") is grounded the same way, with no sector;
- :mod:`~flashpoint.context.acronyms` drops the reading of a short acronym as a body of a country
  the rest of the report never names ("SAA" in a South African story is no Syrian army); and
  :func:`~flashpoint.context.grounding.drop_places_read_as_people` drops an unknown "person" that
  is a place the gazetteer resolved ("recaptured Palmyra");
- :mod:`~flashpoint.context.outlets` takes the news outlets a report credits ("..., reports Dawn")
  out of its actors, and lends their country, or that of the clock its timestamp is printed in
  ("00:00 IST"), to a report that names none of its own.
"""

from __future__ import annotations

from flashpoint.context.acronyms import drop_unsupported_acronyms
from flashpoint.context.countries import ReportCountries, report_countries
from flashpoint.context.grounding import (
    REPORT_COUNTRY,
    SENTENCE_PLACES,
    drop_places_read_as_people,
    ground,
    states_read_as_places,
)
from flashpoint.context.outlets import credited_outlets, telltale

__all__ = ["REPORT_COUNTRY", "SENTENCE_PLACES", "ReportCountries", "credited_outlets", "drop_places_read_as_people", "drop_unsupported_acronyms", "ground",
           "report_countries", "states_read_as_places", "telltale"]
