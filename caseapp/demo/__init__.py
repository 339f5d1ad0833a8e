"""The demo case: its loader and the illustrations the project draws for it (not the domain)."""

from .loader import DEMO_SLUG, load_demo

__all__ = ["DEMO_SLUG", "load_demo"]
