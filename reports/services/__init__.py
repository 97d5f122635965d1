"""Services: every write to the archive, one capability a module. A public function that writes is one
transaction, so a report is stored whole or not at all, and a field changes only when a person or a stated
rule changes it.

- ingest: files and texts read, parsed and stored as reports (ingest.py), big batches (batch_writer.py)
- store: the rows a parsed report is stored as, shared by every service below (store.py)
- originals: the files reports came in, as their forms (originals.py)
- upkeep: reports parsed, read, indexed or fingerprinted again (upkeep.py)
- curation: an editor's corrections and merges in the admin (curation.py)
- uploads: files uploaded in the admin, from receipt to confirm or discard (uploads.py)
- copies: the copy map (查重) written in the background (copies.py, with copy_processes.py)

Services read through reports.selectors and defer background work by name (reports.jobs); they never import
the views or the tasks.
"""
