"""The casework pages, one module per group: the work list, cases, intake and the access
log. Each page starts from `common.casework_user` (404 for whoever holds no casework role)
and reads values only through `pathways.casework.reading`."""
