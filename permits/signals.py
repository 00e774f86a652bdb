"""What permits announce, for the mails and letters (notifications.process_mail.permits):

permit_decided(process, step, permit)   the decision step is done; `permit` is the record of a grant,
                                        None for a refusal
permit_revoked(permit, actor)           staff revoked a permission in force
"""

from django.dispatch import Signal

permit_decided = Signal()
permit_revoked = Signal()
