"""The casework pages, one module per group: the work list, cases, intake, the access log,
break-glass, attachments and staff. Each page starts from `common.casework_user` (404 for
whoever holds no casework role) and reads values only through `pathways.casework.reading`."""
