"""Actions and indicators: recording active-policy actions and placements, the measures
catalogue, what the counter shows of one person's actions, the centre's indicators
(Osservatorio), their export and the daily aggregates sent to the region.

Mirrors the actions card of ``desktop.views.registration`` and the Osservatorio page.
"""

from __future__ import annotations

from desktop.services.actions.recording import (
    HOURS_PER_DAY,
    ActionForm,
    ActionRecord,
    PlacementForm,
    PlacementRecord,
    action_fields,
    actions_of_person,
    check_action,
    check_action_records,
    check_placement,
    check_placement_records,
    placement_fields,
    placements_of_person,
    record_action,
    record_hired_proposals,
    record_placement,
)

__all__ = [
    "ActionForm",
    "ActionRecord",
    "HOURS_PER_DAY",
    "PlacementForm",
    "PlacementRecord",
    "action_fields",
    "actions_of_person",
    "check_action",
    "check_action_records",
    "check_placement",
    "check_placement_records",
    "placement_fields",
    "placements_of_person",
    "record_action",
    "record_hired_proposals",
    "record_placement",
]
