"""Facts certificates announce for whoever tells the person (notifications.process_mail.certificates);
receivers run inside the transaction that recorded the fact, so queue side effects with on_commit.

    certificate_issued(sender=Certificate, certificate=Certificate)    written and kept as a document
    certificate_refused(sender=Certificate, certificate=Certificate)   refused; `certificate.reason` says why
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_refused = Signal()
