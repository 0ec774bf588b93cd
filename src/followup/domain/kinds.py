"""The kinds of agenda item the public contract names, and where a faux pas can apply."""

from __future__ import annotations

from followup.domain.model import Stage

# Every kind in ../shared/DESIGN.md, including those other rules add (deals: milestone,
# deal_stalled, delivery): culture data may already attach a faux pas to any of them.
KINDS = (
    "our_commitment",
    "their_commitment",
    "cadence",
    "going_dark",
    "deal_stalled",
    "milestone",
    "delivery",
    "satisfaction",
    "service_request",
    "channel_failing",  # beyond the contract: one of the user's reminder channels fails
)

# A faux pas applies on items of these kinds, or on items about a person at these stages.
CONTEXTS = frozenset(KINDS) | frozenset(stage.value for stage in Stage)
