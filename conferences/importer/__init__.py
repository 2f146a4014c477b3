"""Import a saved news article: read it, extract the conference, match the archive, write drafts.

`analyse()` runs the read-only half; `write_drafts()` the other, in one transaction.
"""

from .extract import NoConference, as_json, extract
from .match import Archive, match
from .reader import UnreadableInput, read
from .write import ImportRefused, write_drafts

__all__ = [
    "Archive",
    "ImportRefused",
    "NoConference",
    "UnreadableInput",
    "analyse",
    "as_json",
    "write_drafts",
]


def analyse(data, *, file_name="", archive=None, outlet=None):
    """(proposal, matches) for the bytes or text of a saved page.

    Raises UnreadableInput or NoConference with a message for the editor."""
    proposal = extract(read(data, file_name=file_name))
    matches = match(proposal, archive, outlet=outlet)
    proposal.warnings += matches.warnings
    return proposal, matches
