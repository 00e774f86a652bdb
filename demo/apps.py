from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data, on top beside bench: it builds master data, catalog, tickets and mail as a company would."""

    name = "demo"
