"""De-duplication: recognising a person already on record, finding persons recorded twice,
and merging them (undoably).

In the order they build on each other:

- `matching`: name normalisation and keys, and the importer's sure matches (`is_sure_link`:
  a shared phone, email or identity number with names that agree across scripts).
- `records`: `PersonRecord`, the facts about a person that the finder reads, with its
  names' forms and the blocks it is in.
- `scoring`: the weights, and the score of a pair with its reasons.
- `arrays`: the finder's ruling-out of pairs on numpy arrays, all blocks at once.
- `blocks`: blocks grouped in memory, and stored as PersonBlock rows
  (`refresh_person_blocks`, which every service that writes a person calls).
- `merging`: `person_merge` and `person_unmerge`.
- `finder`: `find_candidates`, `run_duplicate_finder` and the review queue an import
  fills (`queue_candidates`).
- `possible`: whom a row an import would create possibly is, for the preview.
- `review`: a data officer's decisions on a queued pair.
- `groups`: the queue's groups (pairs joined per probable person), and which are sure.
- `group_review`: merging a whole group, and several sure groups at once.
- `views`: the review queue's pages.

Import from the module that defines a name; this package re-exports nothing.
"""
