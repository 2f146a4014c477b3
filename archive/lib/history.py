"""Revisions written outside the change form: where a record came from (a fixture file, an
import, a merge, a backup), so that its history starts before the first edit and that edit
can be undone; and what an action did (publishing)."""

import reversion


def record_revisions(records, comment, user=None):
    """One revision per record, with the rows its history follows (a conference's cited
    rows, an official's ranks and positions): reverting one record from its history
    never reverts another that happened to be written at the same time."""
    for record in records:
        if not reversion.is_registered(type(record)):
            continue
        with reversion.create_revision():
            reversion.set_comment(str(comment))
            if user is not None:
                reversion.set_user(user)
            reversion.add_to_revision(record)
