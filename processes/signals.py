"""Facts a process announces inside the engine's transaction, for the code that gives a step its
behaviour (a letter step renders its letter, a child-ticket step opens the repair ticket, ...).
Receivers run in the same transaction: queue side effects with `transaction.on_commit`.

    step_started(sender=ProcessStep, process=Process, step=ProcessStep)
    step_completed(sender=ProcessStep, process=Process, step=ProcessStep, actor=Actor)
    process_ended(sender=Process, process=Process, actor=Actor)     # done or cancelled
"""

from django.dispatch import Signal

step_started = Signal()
step_completed = Signal()
process_ended = Signal()
