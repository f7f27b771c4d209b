from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from pathways.demo.casework import casework_demo_loaded
from pathways.demo.records import demo_loaded


def _demo_mode() -> bool:
    demo = cache.get("pathways:demo_mode")
    if demo is None:
        demo = demo_loaded() or casework_demo_loaded()
        cache.set("pathways:demo_mode", demo, 300)
    return demo


def demo_banner(request: HttpRequest) -> dict[str, Any]:
    """Whether every page says that its records are synthetic (demo data is loaded)."""
    return {"demo_mode": _demo_mode()}
