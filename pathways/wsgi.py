from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
application = get_wsgi_application()

if settings.PRODUCTION:
    # A server that cannot sign audit entries could not save anything: refuse to start.
    from pathways.audit.keys import read_keys
    from pathways.casework.keys import read_master_key

    read_keys()
    # Nor could it read or write a victim's identifiers without the casework master key.
    read_master_key()
