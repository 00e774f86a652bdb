"""Process mails: see notifications/process_mail/__init__.py."""


def connect() -> None:
    """Connect this area's receivers to processes.signals (dispatch_uid per receiver)."""
